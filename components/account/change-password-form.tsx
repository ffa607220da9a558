"use client";

import { useRef, useState, type FormEvent } from "react";
import { changeOwnPasswordAction } from "@/app/(console)/account/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { describedBy, FormField, inputClasses } from "@/components/ui/form-field";
import { useToast } from "@/components/ui/toast";
import { useHydrated } from "@/components/ui/use-hydrated";
import { PASSWORD_MIN_LENGTH } from "@/lib/crypto/password-policy";

const FIELDS = [
  { name: "currentPassword", label: "Current password", autoComplete: "current-password", help: undefined },
  { name: "newPassword", label: "New password", autoComplete: "new-password", help: `At least ${PASSWORD_MIN_LENGTH} characters; a few unrelated words make a good one.` },
  { name: "confirmPassword", label: "Repeat the new password", autoComplete: "new-password", help: undefined },
] as const;

type FieldName = (typeof FIELDS)[number]["name"];

/** Current password, new password twice; the server checks the current one and the new one's length. */
export function ChangePasswordForm() {
  const toast = useToast();
  const hydrated = useHydrated();
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [message, setMessage] = useState<string>();
  const [pending, setPending] = useState(false);

  function focusFirstInvalid(invalid: Partial<Record<FieldName, string>>) {
    const first = FIELDS.find((field) => invalid[field.name]);
    if (first) requestAnimationFrame(() => formRef.current?.querySelector<HTMLInputElement>(`#account-${first.name}`)?.focus());
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    // onSubmit, not a form action: React resets a form after its action, which would wipe
    // what was typed when the server reports a field to fix.
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: FieldName) => String(form.get(name) ?? "");
    setMessage(undefined);
    if (value("newPassword") !== value("confirmPassword")) {
      const invalid = { confirmPassword: "The two new passwords differ" };
      setErrors(invalid);
      focusFirstInvalid(invalid);
      return;
    }
    setPending(true);
    const result = await changeOwnPasswordAction({ currentPassword: value("currentPassword"), newPassword: value("newPassword") });
    setPending(false);
    if (!result.ok) {
      const invalid = Object.fromEntries(result.issues.map((issue) => [issue.path, issue.message])) as Partial<Record<FieldName, string>>;
      setErrors(invalid);
      focusFirstInvalid(invalid);
      setMessage(result.issues.length ? undefined : result.message);
      return;
    }
    setErrors({});
    formRef.current?.reset();
    toast("success", "Your password was changed");
  }

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="space-y-4 px-5 py-4" data-hydrated={hydrated || undefined}>
      {message ? <Alert tone="error">{message}</Alert> : null}
      {FIELDS.map((field) => {
        const id = `account-${field.name}`;
        const error = errors[field.name];
        return (
          <FormField key={field.name} id={id} label={field.label} required help={field.help} error={error}>
            <input
              id={id}
              name={field.name}
              type="password"
              autoComplete={field.autoComplete}
              required
              aria-invalid={!!error || undefined}
              aria-describedby={describedBy(id, { help: !!field.help, error })}
              className={inputClasses(!!error)}
            />
          </FormField>
        );
      })}
      <div className="flex justify-end">
        <Button type="submit" variant="primary" loading={pending}>
          Change password
        </Button>
      </div>
    </form>
  );
}
