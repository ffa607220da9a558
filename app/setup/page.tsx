import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthShell } from "@/components/auth/auth-shell";
import { SetupForm } from "@/components/auth/setup-form";
import { appContext } from "@/lib/app-context";
import { needsFirstAdmin } from "@/lib/catalog/create-first-admin";

export const metadata: Metadata = { title: "Set up" };
export const dynamic = "force-dynamic";

export default async function SetupPage() {
  if (!(await needsFirstAdmin(appContext()))) redirect("/login");
  return (
    <AuthShell title="Welcome to Gatehouse" subtitle="Create the first admin account. This page disappears once it exists.">
      <SetupForm />
    </AuthShell>
  );
}
