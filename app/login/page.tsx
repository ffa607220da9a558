import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { AuthShell } from "@/components/auth/auth-shell";
import { appContext } from "@/lib/app-context";
import { needsFirstAdmin } from "@/lib/catalog/create-first-admin";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  if (await needsFirstAdmin(appContext())) redirect("/setup");
  const { callbackUrl, error } = await searchParams;
  return (
    <AuthShell title="Sign in to Gatehouse" subtitle="Manage the policies that guard your MCP servers.">
      <LoginForm callbackUrl={safeCallback(callbackUrl)} initialError={error && error !== "CredentialsSignin" ? error : undefined} />
    </AuthShell>
  );
}

/** Only same-site paths: a sign-in link must not send people elsewhere afterwards. */
function safeCallback(value: string | undefined): string {
  return value && value.startsWith("/") && !value.startsWith("//") ? value : "/policies";
}
