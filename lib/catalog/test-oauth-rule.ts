import { z } from "zod";
import { decodeJwt } from "jose";
import { fetchAuthorizationServerMetadata } from "../oauth/authorization-server-metadata";
import { requestClientCredentialsToken } from "../oauth/client-credentials-token";
import { createOAuthPort } from "../oauth/oauth-port";
import { looksLikeJwt } from "../policy/access-token";
import { NO_MCP_CALL, type PolicyRequest } from "../policy/request-context";
import { mcpOAuth2ClientCredentials } from "../policy/rules/mcp-oauth2-client-credentials";
import { requireAdmin, type Actor } from "./actor";
import type { CatalogContext } from "./context";
import { CatalogError, issuesFromZod, validationFailed } from "./errors";
import { gatewayUrl } from "./gateway-url";
import { openRuleSecret } from "./rule-secrets";

/**
 * "Test connection" of an MCP OAuth2 Client Credentials rule, saved or not: discover the
 * authorization server, request a token with the rule's client, and validate that token
 * through the very rule, as the gateway would. Each step reports what it found or exactly
 * why it failed.
 */
export type OAuthTestStep = { name: "discovery" | "token" | "validation"; ok: boolean; detail: string };
export type OAuthTestResult = {
  ok: boolean;
  steps: OAuthTestStep[];
  resource: string;
  claims: Record<string, unknown> | null;
  userId: string | null;
  roles: string[];
};

const input = z.object({
  config: z.unknown(),
  policyId: z.string().optional(),
  ruleId: z.string().optional(),
});

export async function testOAuthRule(ctx: CatalogContext, actor: Actor | null, raw: unknown, origin: string): Promise<OAuthTestResult> {
  requireAdmin(actor);
  const parsedInput = input.safeParse(raw);
  if (!parsedInput.success) throw validationFailed(issuesFromZod(parsedInput.error));
  const parsed = mcpOAuth2ClientCredentials.configSchema.safeParse(parsedInput.data.config);
  if (!parsed.success) throw validationFailed(issuesFromZod(parsed.error).map((issue) => ({ ...issue, path: `config.${issue.path}` })));
  const config = parsed.data;

  // The secret: typed into the form now, or the one stored with the saved rule.
  let secret = typeof config.clientSecret === "string" ? config.clientSecret : undefined;
  let servers: { slug: string }[] = [];
  if (parsedInput.data.policyId) {
    servers = await ctx.db.mcpServer.findMany({ where: { policyId: parsedInput.data.policyId }, select: { slug: true }, orderBy: { name: "asc" } });
    if (!secret && parsedInput.data.ruleId) {
      const rule = await ctx.db.rule.findFirst({ where: { id: parsedInput.data.ruleId, policyId: parsedInput.data.policyId } });
      secret = openRuleSecret((rule?.config as Record<string, unknown> | undefined)?.clientSecret, "clientSecret", ctx.sealingKey);
    }
  }
  if (!secret) throw new CatalogError("validation_failed", "Enter the client secret to test the connection", { issues: [{ path: "config.clientSecret", message: "Enter the client secret" }] });

  // The token is requested for, and checked against, a server that uses this policy; for a
  // policy no server uses yet, an example resource of this gateway.
  const resource = gatewayUrl(origin, servers[0]?.slug ?? "connection-test");
  const result: OAuthTestResult = { ok: false, steps: [], resource, claims: null, userId: null, roles: [] };

  const discovered = await fetchAuthorizationServerMetadata(config.authDomain);
  result.steps.push(
    discovered.ok
      ? { name: "discovery", ok: true, detail: `Issuer ${discovered.metadata.issuer}; keys at ${config.jwksUrl || discovered.metadata.jwks_uri || "(none published)"}` }
      : { name: "discovery", ok: false, detail: discovered.error },
  );
  if (!discovered.ok && !config.jwksUrl) return result;

  const token = await requestClientCredentialsToken(config.tokenEndpointUrl, { id: config.clientId, secret }, { scope: config.scope || undefined, resource });
  if (!token.ok) {
    result.steps.push({ name: "token", ok: false, detail: token.error });
    return result;
  }
  result.steps.push({ name: "token", ok: true, detail: `${looksLikeJwt(token.accessToken) ? "JWT" : "Opaque"} access token${token.expiresIn ? `, valid for ${token.expiresIn} s` : ""}` });

  const evaluator = mcpOAuth2ClientCredentials.compile!(config, {
    ruleId: parsedInput.data.ruleId ?? "connection-test",
    ports: {
      now: () => Date.now(),
      rateLimiter: () => {
        throw new Error("not used by authenticators");
      },
      outboundTokens: {
        token: () => {
          throw new Error("not used by authenticators");
        },
        invalidate: () => {
          throw new Error("not used by authenticators");
        },
      },
      oauth: { ...createOAuthPort({ sealingKey: ctx.sealingKey }), openSecret: () => secret },
    },
  });
  if (evaluator.type !== "authenticator") throw new Error("the Client Credentials rule must compile to an authenticator");
  const verdict = await evaluator.authenticate(syntheticRequest(resource, token.accessToken));
  if (looksLikeJwt(token.accessToken)) {
    try {
      result.claims = decodeJwt(token.accessToken) as Record<string, unknown>;
    } catch {
      result.claims = null;
    }
  }
  if (verdict.outcome === "authenticated") {
    result.steps.push({ name: "validation", ok: true, detail: verdict.reason });
    result.claims = verdict.identity.claims ?? result.claims;
    result.userId = verdict.identity.id;
    result.roles = verdict.identity.roles;
    result.ok = true;
  } else {
    result.steps.push({ name: "validation", ok: false, detail: verdict.outcome === "invalid" ? verdict.reason : "The rule did not find the token" });
  }
  return result;
}

function syntheticRequest(resource: string, token: string): PolicyRequest {
  const url = new URL(resource);
  return {
    method: "POST",
    path: url.pathname,
    header: (name) => (name === "authorization" ? `Bearer ${token}` : undefined),
    headers: () => ({ authorization: `Bearer ${token}` }),
    query: new URLSearchParams(),
    ip: "127.0.0.1",
    mcp: NO_MCP_CALL,
    batch: null,
    resource: { url: resource, metadataUrl: `${url.origin}/.well-known/oauth-protected-resource${url.pathname}` },
  };
}
