"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { changeUserRoleAction, removeUserAction } from "@/app/(console)/users/actions";
import { RelativeTime } from "@/components/policy/relative-time";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Dialog } from "@/components/ui/dialog";
import { inputClasses } from "@/components/ui/form-field";
import { TrashIcon } from "@/components/ui/icons";
import { useToast } from "@/components/ui/toast";
import type { ConsoleRole } from "@/lib/catalog/actor";
import type { UserView } from "@/lib/catalog/user-view";
import { RoleBadge } from "./role-badge";
import { isConsoleRole, RoleOptions } from "./role-options";

const SELF_NOTE = "This is you. Another admin can change your role or remove your account.";

/**
 * The console's users. Admins change roles and remove users per row; viewers see the list
 * only. Hiding the controls is a courtesy: the use cases behind the actions check the role.
 */
export function UserTable({ users, currentUserId, canManage }: { users: UserView[]; currentUserId: string; canManage: boolean }) {
  const router = useRouter();
  const toast = useToast();
  const [message, setMessage] = useState<string>();
  const [removing, setRemoving] = useState<UserView | null>(null);
  const [removePending, setRemovePending] = useState(false);

  async function changeRole(user: UserView, role: ConsoleRole): Promise<boolean> {
    setMessage(undefined);
    const result = await changeUserRoleAction(user.id, { role });
    if (!result.ok) {
      setMessage(result.issues[0]?.message ?? result.message);
      return false;
    }
    toast("success", `${user.email} is now ${role === "admin" ? "an admin" : "a viewer"}`);
    router.refresh();
    return true;
  }

  async function remove() {
    if (!removing) return;
    setRemovePending(true);
    setMessage(undefined);
    const result = await removeUserAction(removing.id);
    setRemovePending(false);
    setRemoving(null);
    if (!result.ok) {
      setMessage(result.message);
      return;
    }
    toast("success", `Removed ${removing.email}`);
    router.refresh();
  }

  return (
    <Card>
      {message ? (
        <div className="border-b border-slate-200 p-4">
          <Alert tone="error">{message}</Alert>
        </div>
      ) : null}
      <div className="overflow-x-auto">
        <table className="min-w-full text-sm">
          <caption className="sr-only">Console users</caption>
          <thead className="bg-slate-50 text-left text-xs font-medium tracking-wide whitespace-nowrap text-slate-500 uppercase">
            <tr>
              <th scope="col" className="px-4 py-2.5">Email</th>
              <th scope="col" className="px-4 py-2.5">Name</th>
              <th scope="col" className="px-4 py-2.5">Role</th>
              <th scope="col" className="px-4 py-2.5">Created</th>
              <th scope="col" className="px-4 py-2.5">Last sign-in</th>
              {canManage ? (
                <th scope="col" className="px-4 py-2.5">
                  <span className="sr-only">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {users.map((user) => (
              <UserRow
                // Keyed by role too, so a refreshed role resets the row's unsaved choice.
                key={`${user.id}:${user.role}`}
                user={user}
                isSelf={user.id === currentUserId}
                canManage={canManage}
                onChangeRole={(role) => changeRole(user, role)}
                onRemove={() => setRemoving(user)}
              />
            ))}
          </tbody>
        </table>
      </div>
      <Dialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title={`Remove ${removing?.email}?`}
        footer={
          <>
            <Button onClick={() => setRemoving(null)}>Cancel</Button>
            <Button variant="danger" onClick={remove} loading={removePending}>
              Remove user
            </Button>
          </>
        }
      >
        <p className="text-sm text-slate-600">
          They can no longer sign in. The API tokens they created are deleted with the account and stop working at once. To give them access again, add them
          anew.
        </p>
      </Dialog>
    </Card>
  );
}

function UserRow({
  user,
  isSelf,
  canManage,
  onChangeRole,
  onRemove,
}: {
  user: UserView;
  isSelf: boolean;
  canManage: boolean;
  onChangeRole: (role: ConsoleRole) => Promise<boolean>;
  onRemove: () => void;
}) {
  const [role, setRole] = useState<ConsoleRole>(user.role);
  const [saving, setSaving] = useState(false);
  const dirty = role !== user.role;
  const selfNoteId = `user-${user.id}-self`;

  async function save() {
    setSaving(true);
    const saved = await onChangeRole(role);
    setSaving(false);
    if (!saved) setRole(user.role);
  }

  return (
    <tr className="hover:bg-slate-50/70">
      <td className="px-4 py-3">
        <div className="flex items-center gap-2 font-medium text-slate-900">
          <span className="break-all">{user.email}</span>
          {isSelf ? <Badge tone="green">you</Badge> : null}
        </div>
        {isSelf && canManage ? (
          <p id={selfNoteId} className="mt-0.5 text-xs text-slate-500">
            {SELF_NOTE}
          </p>
        ) : null}
      </td>
      <td className="px-4 py-3 whitespace-nowrap text-slate-600">{user.name || <span className="text-slate-400">—</span>}</td>
      {/* Wide enough for Save and Cancel, so the columns do not jump when a role is changed. */}
      <td className={cn("px-4 py-3 whitespace-nowrap", canManage && "min-w-64")}>
        {canManage ? (
          <div className="flex items-center gap-2">
            <div className="w-28 shrink-0">
              <label htmlFor={`user-${user.id}-role`} className="sr-only">
                Role of {user.email}
              </label>
              <select
                id={`user-${user.id}-role`}
                value={role}
                disabled={isSelf || saving}
                title={isSelf ? SELF_NOTE : undefined}
                aria-describedby={isSelf ? selfNoteId : undefined}
                onChange={(event) => {
                  if (isConsoleRole(event.target.value)) setRole(event.target.value);
                }}
                className={inputClasses(false, "py-1")}
              >
                <RoleOptions />
              </select>
            </div>
            {dirty ? (
              <>
                <Button size="sm" variant="primary" onClick={save} loading={saving} aria-label={`Save role of ${user.email}`}>
                  Save
                </Button>
                <Button size="sm" variant="ghost" onClick={() => setRole(user.role)} disabled={saving} aria-label={`Cancel role change for ${user.email}`}>
                  Cancel
                </Button>
              </>
            ) : null}
          </div>
        ) : (
          <RoleBadge role={user.role} />
        )}
      </td>
      <td className="px-4 py-3 whitespace-nowrap text-slate-600">
        <RelativeTime iso={user.createdAt} />
      </td>
      <td className="px-4 py-3 whitespace-nowrap text-slate-600">
        {user.lastLoginAt ? <RelativeTime iso={user.lastLoginAt} /> : <span className="text-slate-400">Never</span>}
      </td>
      {canManage ? (
        <td className="px-4 py-3 text-right whitespace-nowrap">
          <Button
            size="sm"
            variant="ghost"
            onClick={onRemove}
            disabled={isSelf}
            title={isSelf ? SELF_NOTE : undefined}
            aria-describedby={isSelf ? selfNoteId : undefined}
            aria-label={`Remove ${user.email}`}
            className="hover:text-rose-700"
          >
            <TrashIcon className="size-4" />
            Remove
          </Button>
        </td>
      ) : null}
    </tr>
  );
}
