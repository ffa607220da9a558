"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { createApiTokenAction } from "@/app/(console)/api-tokens/actions";
import { SecretValue } from "@/components/policy/issued-keys-dialog";
import { RoleOptions } from "@/components/users/role-options";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog } from "@/components/ui/dialog";
import { describedBy, FormField, inputClasses } from "@/components/ui/form-field";
import { useToast } from "@/components/ui/toast";
import { useDialogFocus } from "@/components/ui/use-dialog-focus";
import type { ApiTokenView } from "@/lib/catalog/api-tokens";

const EXPIRY_CHOICES = [
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
  { value: "never", label: "Never" },
] as const;

const ROLE_HELP = "Viewer tokens can only read. A token never acts with more than your own role: if you lose the admin role, so do your tokens.";

/** "Create token": a form, then the token (shown once) and a curl command to try it with. */
export function CreateTokenDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const router = useRouter();
  const toast = useToast();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string>();
  const [pending, setPending] = useState(false);
  const [expiry, setExpiry] = useState<string>("90");
  const [created, setCreated] = useState<{ token: ApiTokenView; secret: string; origin: string } | null>(null);
  const { bodyRef, focusFirstInvalid } = useDialogFocus(open, created ? "result" : "form");

  function close() {
    // The secret is dropped with the dialog: it is shown once and never again.
    setCreated(null);
    setErrors({});
    setMessage(undefined);
    setExpiry("90");
    onClose();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    // onSubmit, not a form action: React resets a form after its action, which would wipe
    // what was typed when the server reports a field to fix.
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setMessage(undefined);
    const result = await createApiTokenAction({
      name: String(form.get("name") ?? ""),
      role: String(form.get("role") ?? ""),
      expiresInDays: expiry === "never" ? null : Number(expiry),
    });
    setPending(false);
    if (!result.ok) {
      setErrors(Object.fromEntries(result.issues.map((issue) => [issue.path, issue.message])));
      focusFirstInvalid();
      setMessage(result.issues.length ? undefined : result.message);
      return;
    }
    setErrors({});
    setCreated({ ...result.data, origin: window.location.origin });
    toast("success", `Token “${result.data.token.name}” created`);
    router.refresh();
  }

  const curl = created ? `curl -H "Authorization: Bearer ${created.secret}" ${created.origin}/api/v1/policies` : "";

  return (
    <Dialog
      open={open}
      onClose={close}
      title={created ? `Your new token “${created.token.name}”` : "Create API token"}
      description={created ? undefined : "For scripts and pipelines that call the REST API at /api/v1."}
      footer={
        created ? (
          <Button variant="primary" onClick={close}>
            I have copied it
          </Button>
        ) : (
          <>
            <Button onClick={close}>Cancel</Button>
            <Button type="submit" form="create-token-form" variant="primary" loading={pending}>
              Create token
            </Button>
          </>
        )
      }
    >
      <div ref={bodyRef}>
        {created ? (
          <div className="space-y-4">
            <Alert tone="warning">Copy this token now. Gatehouse stores only a hash and cannot show it again.</Alert>
            <div>
              <p className="mb-1 text-sm font-medium text-slate-800">Token</p>
              <SecretValue value={created.secret} />
            </div>
            <div>
              <div className="mb-1 flex items-end justify-between gap-2">
                <p className="text-sm font-medium text-slate-800">Try it: list the policies</p>
                <CopyButton value={curl} label="Copy curl command" />
              </div>
              <pre className="overflow-x-auto rounded-md bg-slate-900 px-3 py-2 font-mono text-xs leading-relaxed break-all whitespace-pre-wrap text-slate-100">
                <code>{curl}</code>
              </pre>
            </div>
          </div>
        ) : (
          <form id="create-token-form" onSubmit={submit} className="space-y-4" noValidate>
            {message ? <Alert tone="error">{message}</Alert> : null}
            <FormField id="new-token-name" label="Name" required help="Name it after what uses it, such as “CI: deploy policies”." error={errors.name}>
              <input
                id="new-token-name"
                name="name"
                autoComplete="off"
                required
                maxLength={100}
                aria-invalid={!!errors.name || undefined}
                aria-describedby={describedBy("new-token-name", { help: true, error: errors.name })}
                className={inputClasses(!!errors.name)}
              />
            </FormField>
            <FormField id="new-token-role" label="Role" required help={ROLE_HELP} error={errors.role}>
              <select
                id="new-token-role"
                name="role"
                defaultValue="viewer"
                aria-invalid={!!errors.role || undefined}
                aria-describedby={describedBy("new-token-role", { help: true, error: errors.role })}
                className={inputClasses(!!errors.role, "pr-8")}
              >
                <RoleOptions />
              </select>
            </FormField>
            <FormField
              id="new-token-expiry"
              label="Expires in"
              required
              help="After this the token stops working; create a new one to rotate it."
              warning={expiry === "never" ? "A token that never expires works until someone revokes it. Prefer an expiry for automation." : undefined}
              error={errors.expiresInDays}
            >
              <select
                id="new-token-expiry"
                value={expiry}
                onChange={(event) => setExpiry(event.target.value)}
                aria-invalid={!!errors.expiresInDays || undefined}
                aria-describedby={describedBy("new-token-expiry", { help: true, error: errors.expiresInDays })}
                className={inputClasses(!!errors.expiresInDays, "pr-8")}
              >
                {EXPIRY_CHOICES.map((choice) => (
                  <option key={choice.value} value={choice.value}>
                    {choice.label}
                  </option>
                ))}
              </select>
            </FormField>
          </form>
        )}
      </div>
    </Dialog>
  );
}
