import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { policyOptions } from "@/components/registration/policy-options";
import { RegistrationForm } from "@/components/registration/registration-form";
import { appContext } from "@/lib/app-context";
import { requireSignedIn } from "@/lib/auth/current-actor";
import { listPolicies } from "@/lib/catalog/list-policies";

export const metadata: Metadata = { title: "Register API Service" };

export default async function RegisterServicePage() {
  const actor = await requireSignedIn();
  if (actor.role !== "admin") redirect("/services");
  const policies = await listPolicies(appContext(), actor);
  return <RegistrationForm kind="api" registration={null} policies={policyOptions(policies)} readOnly={false} />;
}
