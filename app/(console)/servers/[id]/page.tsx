import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { ConnectPanel } from "@/components/registration/connect-panel";
import { policyOptions } from "@/components/registration/policy-options";
import { RegistrationForm } from "@/components/registration/registration-form";
import { appContext } from "@/lib/app-context";
import { requireSignedIn } from "@/lib/auth/current-actor";
import { clientSnippets, expectedCredential } from "@/lib/catalog/client-snippets";
import { CatalogError } from "@/lib/catalog/errors";
import { gatewayUrl, publicOrigin } from "@/lib/catalog/gateway-url";
import { getPolicyOrThrow } from "@/lib/catalog/get-policy-or-throw";
import { getServerOrThrow } from "@/lib/catalog/get-server-or-throw";
import { listPolicies } from "@/lib/catalog/list-policies";
import { getEnv } from "@/lib/env";

export const metadata: Metadata = { title: "MCP Server" };

export default async function ServerPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireSignedIn();
  const { id } = await params;
  const ctx = appContext();
  const server = await getServerOrThrow(ctx, actor, id).catch((error: unknown) => {
    if (error instanceof CatalogError && error.code === "not_found") notFound();
    throw error;
  });
  const [policies, policy] = await Promise.all([listPolicies(ctx, actor), server.policyId ? getPolicyOrThrow(ctx, actor, server.policyId) : null]);

  const url = gatewayUrl(publicOrigin(getEnv().GATEHOUSE_PUBLIC_URL, await headers()), server.slug);
  const credential = expectedCredential(policy?.rules ?? []);

  return (
    <RegistrationForm
      kind="mcp"
      key={server.id}
      registration={server}
      policies={policyOptions(policies)}
      readOnly={actor.role !== "admin"}
      connect={
        <ConnectPanel
          kind="mcp"
          gatewayUrl={url}
          snippets={clientSnippets({ slug: server.slug, gatewayUrl: url, credential })}
          credential={credential}
          enabled={server.enabled}
          hasPolicy={server.policyId !== null}
        />
      }
    />
  );
}
