"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { createFirstAdminAction } from "@/app/setup/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { describedBy, FormField, inputClasses } from "@/components/ui/form-field";

const PASSWORD_HELP = "At least 12 characters. A passphrase of a few words is easy to remember and hard to guess.";

export function SetupForm() {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string>();
  const [pending, setPending] = useState(false);

  async function submit(form: FormData) {
    setPending(true);
    setMessage(undefined);
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    if (password !== String(form.get("confirm") ?? "")) {
      setErrors({ confirm: "The passwords differ" });
      setPending(false);
      return;
    }
    const result = await createFirstAdminAction({ email, name: String(form.get("name") ?? ""), password });
    if (!result.ok) {
      setErrors(Object.fromEntries(result.issues.map((issue) => [issue.path, issue.message])));
      setMessage(result.issues.length ? undefined : result.message);
      setPending(false);
      return;
    }
    await signIn("credentials", { redirect: false, email, password });
    router.replace("/policies");
    router.refresh();
  }

  return (
    <form onSubmit={(event) => {
        // Not a form action: React resets a form after its action, which would wipe what was typed.
        event.preventDefault();
        void submit(new FormData(event.currentTarget));
      }} className="space-y-5" noValidate>
      {message ? <Alert tone="error">{message}</Alert> : null}
      <FormField id="name" label="Your name" error={errors.name}>
        <input id="name" name="name" autoComplete="name" className={inputClasses(!!errors.name)} />
      </FormField>
      <FormField id="email" label="Email" required error={errors.email}>
        <input id="email" name="email" type="email" autoComplete="username" required aria-invalid={!!errors.email} aria-describedby={describedBy("email", { error: errors.email })} className={inputClasses(!!errors.email)} />
      </FormField>
      <FormField id="password" label="Password" required help={PASSWORD_HELP} error={errors.password}>
        <input id="password" name="password" type="password" autoComplete="new-password" required aria-invalid={!!errors.password} aria-describedby={describedBy("password", { help: true, error: errors.password })} className={inputClasses(!!errors.password)} />
      </FormField>
      <FormField id="confirm" label="Confirm password" required error={errors.confirm}>
        <input id="confirm" name="confirm" type="password" autoComplete="new-password" required aria-invalid={!!errors.confirm} className={inputClasses(!!errors.confirm)} />
      </FormField>
      <Button type="submit" variant="primary" loading={pending} className="w-full">
        Create admin and sign in
      </Button>
    </form>
  );
}
