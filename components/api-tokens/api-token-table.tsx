"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { revokeApiTokenAction } from "@/app/(console)/api-tokens/actions";
import { RelativeTime } from "@/components/policy/relative-time";
import { RoleBadge } from "@/components/users/role-badge";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Dialog } from "@/components/ui/dialog";
import { InlineCode } from "@/components/ui/inline-code";
import { useToast } from "@/components/ui/toast";
import type { ApiTokenView } from "@/lib/catalog/api-tokens";
import { tokenStatus, type TokenStatus } from "./token-status";

const COLUMNS = ["Name", "Token", "Role", "Created", "Last used", "Expires", "Status"];

const STATUS_TONES = { active: "green", expired: "amber", revoked: "red" } as const satisfies Record<TokenStatus, "green" | "amber" | "red">;

/** The REST API tokens, newest first; admins revoke them here. */
export function ApiTokenTable({ tokens, now, canManage }: { tokens: ApiTokenView[]; now: string; canManage: boolean }) {
  const router = useRouter();
  const toast = useToast();
  const [message, setMessage] = useState<string>();
  const [revoking, setRevoking] = useState<ApiTokenView | null>(null);
  const [pending, setPending] = useState(false);

  async function revoke() {
    if (!revoking) return;
    setPending(true);
    setMessage(undefined);
    const result = await revokeApiTokenAction(revoking.id);
    setPending(false);
    setRevoking(null);
    if (!result.ok) {
      setMessage(result.message);
      return;
    }
    toast("success", `Token “${revoking.name}” revoked`);
    router.refresh();
  }

  return (
    <>
      {message ? (
        <div className="border-b border-slate-200 p-4">
          <Alert tone="error">{message}</Alert>
        </div>
      ) : null}
      <div className="overflow-x-auto">
        <table className="min-w-full text-sm">
          <caption className="sr-only">REST API tokens</caption>
          <thead className="bg-slate-50 text-left text-xs font-medium tracking-wide whitespace-nowrap text-slate-500 uppercase">
            <tr>
              {COLUMNS.map((column) => (
                <th key={column} scope="col" className="px-3 py-2.5 first:pl-4">
                  {column}
                </th>
              ))}
              {canManage ? (
                <th scope="col" className="px-3 py-2.5 pr-4">
                  <span className="sr-only">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {tokens.map((token) => {
              const status = tokenStatus(token, now);
              // Tokens that no longer work are greyed out, so the working ones stand out.
              const muted = status !== "active";
              return (
                <tr key={token.id} className={cn("hover:bg-slate-50/70", muted ? "text-slate-400" : "text-slate-600")}>
                  <td className={cn("min-w-36 py-3 pr-3 pl-4 font-medium", muted ? "text-slate-500" : "text-slate-900")}>{token.name}</td>
                  <td className="px-3 py-3 whitespace-nowrap">
                    <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">{token.prefix}…</code>
                  </td>
                  <td className="px-3 py-3">
                    <RoleBadge role={token.role} />
                  </td>
                  <td className="max-w-56 px-3 py-3">
                    <RelativeTime iso={token.createdAt} />
                    <span className="block truncate text-xs text-slate-400" title={token.createdBy}>
                      by {token.createdBy}
                    </span>
                  </td>
                  <td className="px-3 py-3 whitespace-nowrap">
                    {token.lastUsedAt ? <RelativeTime iso={token.lastUsedAt} /> : <span className="text-slate-400">Never</span>}
                  </td>
                  <td className="px-3 py-3 whitespace-nowrap">{token.expiresAt ? <RelativeTime iso={token.expiresAt} /> : "Never"}</td>
                  <td className="px-3 py-3 whitespace-nowrap">
                    <Badge tone={STATUS_TONES[status]}>{status}</Badge>
                    {token.revokedAt ? (
                      <span className="mt-0.5 block text-xs">
                        <RelativeTime iso={token.revokedAt} />
                      </span>
                    ) : null}
                  </td>
                  {canManage ? (
                    <td className="py-3 pr-4 pl-3 text-right whitespace-nowrap">
                      {status === "active" ? (
                        <Button size="sm" variant="ghost" onClick={() => setRevoking(token)} aria-label={`Revoke ${token.name}`} className="hover:text-rose-700">
                          Revoke
                        </Button>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Dialog
        open={revoking !== null}
        onClose={() => setRevoking(null)}
        title={`Revoke “${revoking?.name}”?`}
        footer={
          <>
            <Button onClick={() => setRevoking(null)}>Cancel</Button>
            <Button variant="danger" onClick={revoke} loading={pending}>
              Revoke token
            </Button>
          </>
        }
      >
        <p className="text-sm text-slate-600">
          <InlineCode text="Whatever uses this token gets 401 Unauthorized from `/api/v1` from now on. This cannot be undone; create a new token to restore access." />
        </p>
      </Dialog>
    </>
  );
}
