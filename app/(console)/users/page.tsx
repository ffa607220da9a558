import type { Metadata } from "next";
import { AddUserButton } from "@/components/users/add-user-button";
import { UserTable } from "@/components/users/user-table";
import { PageHeader } from "@/components/ui/page-header";
import { appContext } from "@/lib/app-context";
import { requireSignedIn } from "@/lib/auth/current-actor";
import { listUsers } from "@/lib/catalog/list-users";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const actor = await requireSignedIn();
  const users = await listUsers(appContext(), actor);
  const canManage = actor.role === "admin";
  return (
    <>
      <PageHeader
        title="Users"
        description={
          canManage
            ? "People who can sign in to this console. Admins change policies, users and API tokens; viewers can look at everything but change nothing."
            : "People who can sign in to this console. Your role (viewer) can see this list; ask an admin to add, change or remove users."
        }
        actions={canManage ? <AddUserButton /> : null}
      />
      <UserTable users={users} currentUserId={actor.userId} canManage={canManage} />
    </>
  );
}
