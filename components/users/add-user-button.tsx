"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { addUserAction } from "@/app/(console)/users/actions";
import { SecretValue } from "@/components/policy/issued-keys-dialog";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { describedBy, FormField, inputClasses } from "@/components/ui/form-field";
import { PlusIcon } from "@/components/ui/icons";
import { useToast } from "@/components/ui/toast";
import { useDialogFocus } from "@/components/ui/use-dialog-focus";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { UserView } from "@/lib/catalog/user-view";
import { RoleOptions } from "./role-options";

const ROLE_HELP = "Admins change policies, users and API tokens. Viewers can look at everything but change nothing.";

/** "Add user": a form, then the one-time initial password to hand over. */
export function AddUserButton() {
  const router = useRouter();
  const toast = useToast();
  const hydrated = useHydrated();
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string>();
  const [pending, setPending] = useState(false);
  const [added, setAdded] = useState<{ user: UserView; initialPassword: string } | null>(null);
  const { bodyRef, focusFirstInvalid } = useDialogFocus(open, added ? "result" : "form");

  function openDialog() {
    setErrors({});
    setMessage(undefined);
    setAdded(null);
    setOpen(true);
  }

  function close() {
    setOpen(false);
    // The password is dropped with the dialog: it is shown once and never again.
    setAdded(null);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    // onSubmit, not a form action: React resets a form after its action, which would wipe
    // what was typed when the server reports a field to fix.
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setMessage(undefined);
    const result = await addUserAction({
      email: String(form.get("email") ?? ""),
      name: String(form.get("name") ?? ""),
      role: String(form.get("role") ?? ""),
    });
    setPending(false);
    if (!result.ok) {
      setErrors(Object.fromEntries(result.issues.map((issue) => [issue.path, issue.message])));
      focusFirstInvalid();
      setMessage(result.issues.length ? undefined : result.message);
      return;
    }
    setErrors({});
    setAdded(result.data);
    toast("success", `Added ${result.data.user.email}`);
    router.refresh();
  }

  return (
    <>
      <Button variant="primary" onClick={openDialog} data-hydrated={hydrated || undefined}>
        <PlusIcon className="size-4" />
        Add user
      </Button>
      <Dialog
        open={open}
        onClose={close}
        title={added ? `${added.user.email} can sign in now` : "Add user"}
        description={added ? undefined : "The new user gets a one-time initial password that you hand over."}
        footer={
          added ? (
            <Button variant="primary" onClick={close}>
              Done
            </Button>
          ) : (
            <>
              <Button onClick={close}>Cancel</Button>
              <Button type="submit" form="add-user-form" variant="primary" loading={pending}>
                Add user
              </Button>
            </>
          )
        }
      >
        <div ref={bodyRef}>
          {added ? (
            <div className="space-y-4">
              <Alert tone="warning">
                Copy this initial password now and hand it to {added.user.name || added.user.email} over a channel you trust. Gatehouse stores only a hash and
                cannot show it again.
              </Alert>
              <div>
                <p className="mb-1 text-sm font-medium text-slate-800">Initial password for {added.user.email}</p>
                <SecretValue value={added.initialPassword} />
              </div>
            </div>
          ) : (
            <form id="add-user-form" onSubmit={submit} className="space-y-4" noValidate>
              {message ? <Alert tone="error">{message}</Alert> : null}
              <FormField id="new-user-email" label="Email" required error={errors.email}>
                <input
                  id="new-user-email"
                  name="email"
                  type="email"
                  autoComplete="off"
                  required
                  aria-invalid={!!errors.email || undefined}
                  aria-describedby={describedBy("new-user-email", { error: errors.email })}
                  className={inputClasses(!!errors.email)}
                />
              </FormField>
              <FormField id="new-user-name" label="Name" help="Optional; shown in this list." error={errors.name}>
                <input
                  id="new-user-name"
                  name="name"
                  autoComplete="off"
                  aria-invalid={!!errors.name || undefined}
                  aria-describedby={describedBy("new-user-name", { help: true, error: errors.name })}
                  className={inputClasses(!!errors.name)}
                />
              </FormField>
              <FormField id="new-user-role" label="Role" required help={ROLE_HELP} error={errors.role}>
                <select
                  id="new-user-role"
                  name="role"
                  defaultValue="viewer"
                  aria-invalid={!!errors.role || undefined}
                  aria-describedby={describedBy("new-user-role", { help: true, error: errors.role })}
                  className={inputClasses(!!errors.role, "pr-8")}
                >
                  <RoleOptions />
                </select>
              </FormField>
            </form>
          )}
        </div>
      </Dialog>
    </>
  );
}
