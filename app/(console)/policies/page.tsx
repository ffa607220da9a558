import type { Metadata } from "next";
import Link from "next/link";
import { PolicyTable } from "@/components/policy/policy-table";
import { buttonClasses } from "@/components/ui/button";
import { PlusIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { appContext } from "@/lib/app-context";
import { requireSignedIn } from "@/lib/auth/current-actor";
import { listPolicies } from "@/lib/catalog/list-policies";

export const metadata: Metadata = { title: "Policy Catalog" };

export default async function PolicyCatalogPage() {
  const actor = await requireSignedIn();
  const policies = await listPolicies(appContext(), actor);
  return (
    <>
      <PageHeader
        title="Policy Catalog"
        description="Policies are ordered sets of rules (authentication, authorization, validation, traffic shaping) that you attach to MCP servers and API services. Rules marked with a red cross work for API services only."
        actions={
          actor.role === "admin" ? (
            <Link href="/policies/new" className={buttonClasses("primary")}>
              <PlusIcon className="size-4" />
              Create Policy
            </Link>
          ) : null
        }
      />
      <PolicyTable policies={policies} canCreate={actor.role === "admin"} />
    </>
  );
}
