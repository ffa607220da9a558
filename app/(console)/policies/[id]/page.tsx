import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PolicyEditor } from "@/components/policy/policy-editor";
import { appContext } from "@/lib/app-context";
import { requireSignedIn } from "@/lib/auth/current-actor";
import { CatalogError } from "@/lib/catalog/errors";
import { getPolicyOrThrow } from "@/lib/catalog/get-policy-or-throw";
import { COMMON_RULE_FIELDS, RULE_CATALOG } from "@/lib/policy/rule-catalog";
import { POLICY_TEMPLATES } from "@/lib/policy/templates";

export const metadata: Metadata = { title: "Policy" };

export default async function PolicyPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireSignedIn();
  const { id } = await params;
  const policy = await getPolicyOrThrow(appContext(), actor, id).catch((error: unknown) => {
    if (error instanceof CatalogError && error.code === "not_found") notFound();
    throw error;
  });
  return (
    <PolicyEditor
      key={policy.id}
      policy={policy}
      catalog={RULE_CATALOG}
      commonFields={COMMON_RULE_FIELDS}
      templates={POLICY_TEMPLATES}
      readOnly={actor.role !== "admin"}
    />
  );
}
