import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { ConnectPanel } from "@/components/registration/connect-panel";
import { policyOptions } from "@/components/registration/policy-options";
import { RegistrationForm } from "@/components/registration/registration-form";
import { appContext } from "@/lib/app-context";
import { requireSignedIn } from "@/lib/auth/current-actor";
import { apiServiceSnippets, expectedCredential } from "@/lib/catalog/client-snippets";
import { CatalogError } from "@/lib/catalog/errors";
import { apiGatewayUrl, publicOrigin } from "@/lib/catalog/gateway-url";
import { getPolicyOrThrow } from "@/lib/catalog/get-policy-or-throw";
import { getServiceOrThrow } from "@/lib/catalog/get-service-or-throw";
import { listPolicies } from "@/lib/catalog/list-policies";
import { getEnv } from "@/lib/env";

export const metadata: Metadata = { title: "API Service" };

export default async function ServicePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireSignedIn();
  const { id } = await params;
  const ctx = appContext();
  const service = await getServiceOrThrow(ctx, actor, id).catch((error: unknown) => {
    if (error instanceof CatalogError && error.code === "not_found") notFound();
    throw error;
  });
  const [policies, policy] = await Promise.all([listPolicies(ctx, actor), service.policyId ? getPolicyOrThrow(ctx, actor, service.policyId) : null]);

  const url = apiGatewayUrl(publicOrigin(getEnv().GATEHOUSE_PUBLIC_URL, await headers()), service.slug);
  const credential = expectedCredential(policy?.rules ?? []);

  return (
    <RegistrationForm
      kind="api"
      key={service.id}
      registration={service}
      policies={policyOptions(policies)}
      readOnly={actor.role !== "admin"}
      connect={
        <ConnectPanel
          kind="api"
          gatewayUrl={url}
          snippets={apiServiceSnippets({ gatewayUrl: url, credential })}
          credential={credential}
          enabled={service.enabled}
          hasPolicy={service.policyId !== null}
        />
      }
    />
  );
}
