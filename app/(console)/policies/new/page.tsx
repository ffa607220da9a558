import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PolicyEditor } from "@/components/policy/policy-editor";
import { requireSignedIn } from "@/lib/auth/current-actor";
import { COMMON_RULE_FIELDS, RULE_CATALOG } from "@/lib/policy/rule-catalog";
import { POLICY_TEMPLATES } from "@/lib/policy/templates";

export const metadata: Metadata = { title: "Create Policy" };

export default async function CreatePolicyPage() {
  const actor = await requireSignedIn();
  if (actor.role !== "admin") redirect("/policies");
  return <PolicyEditor policy={null} catalog={RULE_CATALOG} commonFields={COMMON_RULE_FIELDS} templates={POLICY_TEMPLATES} readOnly={false} />;
}
