import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireSignedIn } from "@/lib/auth/current-actor";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const actor = await requireSignedIn();
  return (
    <>
      <PageHeader title="Your account" description={`Signed in as ${actor.email} (${actor.role}).`} />
      <Card className="max-w-2xl">
        <CardHeader title="Change password" description="Replace the initial password an admin handed you, or any password you want to change. You need the current one." />
        <ChangePasswordForm />
      </Card>
    </>
  );
}
