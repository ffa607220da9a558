import { z } from "zod";
import { field } from "../fields";
import type { OutboundClient } from "../ports";
import { defineRule, type OutboundCredentialEvaluator } from "../types";
import { scopeList } from "./shared-fields";

export const outboundOAuth2ClientCredentials = defineRule({
  kind: "outbound-oauth2-client-credentials",
  label: "Outbound OAuth2 Client Credentials",
  summary: "Gets an access token for the upstream from your authorization server (client credentials grant), keeps it until shortly before it expires, and renews it when the upstream refuses it.",
  category: "Outbound",
  phase: "transform",
  mcp: { compatible: true },
  configSchema: z.object({
    tokenEndpointUrl: field.url({
      label: "Token Endpoint URL",
      help: "Where the gateway requests its tokens (RFC 6749 §4.4). Tokens are cached until one minute (at most a tenth of their lifetime) before they expire; when the upstream answers 401, the token is renewed once and the request sent again if its body was small enough to keep (1 MiB).",
      placeholder: "https://auth.example.com/oauth/token",
    }),
    clientId: field.text({ label: "Client ID", help: "The OAuth2 client the gateway authenticates as; register it at your authorization server for the upstream.", max: 500 }),
    clientSecret: field.secret({
      label: "Client Secret",
      help: "The client's secret. Stored encrypted; never shown again once saved.",
    }),
    clientAuthentication: field.select({
      label: "Client authentication",
      help: "How the gateway sends the client's credentials to the token endpoint: HTTP Basic (client_secret_basic, what RFC 6749 §2.3.1 requires servers to support) or form fields (client_secret_post).",
      values: ["client_secret_basic", "client_secret_post"],
      default: "client_secret_basic",
      labels: { client_secret_basic: "HTTP Basic (client_secret_basic)", client_secret_post: "Form fields (client_secret_post)" },
    }),
    scope: field.text({
      label: "Scope",
      help: "Scopes to request, separated by spaces. Leave empty for the client's default scopes.",
      placeholder: "orders:read",
      required: false,
      max: 1000,
      check: scopeList,
    }),
    audience: field.text({
      label: "Audience",
      help: "Sent as the audience parameter, for authorization servers that want one (Auth0, Okta custom servers). Leave empty when yours does not.",
      placeholder: "https://orders.example.com",
      required: false,
      max: 2000,
    }),
    resource: field.url({
      label: "Resource",
      help: "The upstream's resource indicator (RFC 8707), when your authorization server binds tokens to one. Leave empty otherwise.",
      placeholder: "https://orders.example.com/",
      required: false,
    }),
  }),
  compile: (config, { ports }): OutboundCredentialEvaluator => {
    const secret = ports.oauth.openSecret(config.clientSecret, "clientSecret");
    if (secret === undefined) return { type: "outbound-credential", authorization: () => ({ ok: false, reason: "the rule's client secret is not stored" }) };
    const client: OutboundClient = {
      tokenEndpoint: config.tokenEndpointUrl,
      clientId: config.clientId,
      clientSecret: secret,
      authentication: config.clientAuthentication,
      scope: config.scope,
      audience: config.audience,
      resource: config.resource,
    };
    const prefix = "Bearer ";
    return {
      type: "outbound-credential",
      async authorization() {
        const result = await ports.outboundTokens.token(client);
        return result.ok ? { ok: true, value: `${prefix}${result.token}` } : { ok: false, reason: result.error };
      },
      refresh: (value) => ports.outboundTokens.invalidate(client, value.slice(prefix.length)),
    };
  },
});
