"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField, inputClasses } from "@/components/ui/form-field";

export function LoginForm({ callbackUrl, initialError }: { callbackUrl: string; initialError?: string }) {
  const router = useRouter();
  const [error, setError] = useState(initialError);
  const [pending, setPending] = useState(false);

  async function submit(form: FormData) {
    setPending(true);
    setError(undefined);
    const result = await signIn("credentials", {
      redirect: false,
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
    });
    if (result?.ok && !result.error) {
      router.replace(callbackUrl);
      router.refresh();
      return;
    }
    setPending(false);
    setError(!result?.error || result.error === "CredentialsSignin" ? "Wrong email or password" : result.error);
  }

  return (
    <form onSubmit={(event) => {
        // Not a form action: React resets a form after its action, which would wipe what was typed.
        event.preventDefault();
        void submit(new FormData(event.currentTarget));
      }} className="space-y-5">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <FormField id="email" label="Email">
        <input id="email" name="email" type="email" autoComplete="username" required autoFocus className={inputClasses()} />
      </FormField>
      <FormField id="password" label="Password">
        <input id="password" name="password" type="password" autoComplete="current-password" required className={inputClasses()} />
      </FormField>
      <Button type="submit" variant="primary" loading={pending} className="w-full">
        Sign in
      </Button>
    </form>
  );
}
