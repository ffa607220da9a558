import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { policyOptions } from "@/components/server/policy-options";
import { ServerForm } from "@/components/server/server-form";
import { appContext } from "@/lib/app-context";
import { requireSignedIn } from "@/lib/auth/current-actor";
import { listPolicies } from "@/lib/catalog/list-policies";

export const metadata: Metadata = { title: "Register MCP Server" };

export default async function RegisterServerPage() {
  const actor = await requireSignedIn();
  if (actor.role !== "admin") redirect("/servers");
  const policies = await listPolicies(appContext(), actor);
  return <ServerForm server={null} policies={policyOptions(policies)} readOnly={false} />;
}
