import type { Metadata } from "next";
import { ApiTokensPanel } from "@/components/api-tokens/api-tokens-panel";
import { appContext } from "@/lib/app-context";
import { requireSignedIn } from "@/lib/auth/current-actor";
import { listApiTokens } from "@/lib/catalog/api-tokens";

export const metadata: Metadata = { title: "API Tokens" };

export default async function ApiTokensPage() {
  const actor = await requireSignedIn();
  const tokens = await listApiTokens(appContext(), actor);
  return <ApiTokensPanel tokens={tokens} now={new Date().toISOString()} canManage={actor.role === "admin"} />;
}
