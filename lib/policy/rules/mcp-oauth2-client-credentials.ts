import { z } from "zod";
import { field } from "../fields";
import { JWT_ALGORITHMS } from "./mcp-oauth2-jwt-validator";
import { compileOAuthAuthenticator } from "../oauth-authenticator";
import { defineRule, type AuthenticatorEvaluator } from "../types";
import { authDomainField, jwksUrlField, rolesExpressionField, scopeList, userIdExpressionField } from "./shared-fields";

export const mcpOAuth2ClientCredentials = defineRule({
  kind: "mcp-oauth2-client-credentials",
  label: "MCP OAuth2 Client Credentials",
  summary: "Validates OAuth2 access tokens that applications obtain with the client credentials grant: JWTs by signature, opaque tokens by introspection.",
  category: "Authenticate",
  phase: "authenticate",
  mcp: { compatible: true },
  configSchema: z.object({
    tokenEndpointUrl: field.url({
      label: "Token Endpoint URL",
      help: "Your authorization server's token endpoint. Clients get their tokens here; “Test connection” requests one with the client below.",
      placeholder: "https://auth.example.com/oauth/token",
    }),
    clientId: field.text({ label: "Client ID", help: "The OAuth2 client identifier Gatehouse uses to introspect opaque tokens and to test the connection.", max: 500 }),
    clientSecret: field.secret({
      label: "Client Secret",
      help: "The OAuth2 client secret. Stored encrypted; never shown again once saved.",
    }),
    scope: field.text({
      label: "Scope",
      help: "Scopes every token must carry, separated by spaces. A token missing one is refused with 403 insufficient_scope.",
      placeholder: "mcp:access",
      required: false,
      max: 1000,
      check: scopeList,
    }),
    authDomain: authDomainField(),
    jwksUrl: jwksUrlField(),
    userIdExpression: userIdExpressionField(),
    rolesExpression: rolesExpressionField(),
    clockSkewSeconds: field.integer({
      label: "Clock skew",
      help: "How far the token's exp, nbf and iat may be off from this server's clock.",
      default: 60,
      min: 0,
      max: 600,
      unit: "seconds",
    }),
    tokenCacheTtlSeconds: field.integer({
      label: "Token cache TTL",
      help: "How long a validated token is remembered, at most until it expires. 0 validates every request afresh.",
      default: 600,
      min: 0,
      max: 86400,
      unit: "seconds",
    }),
  }),
  compile: (config, { ruleId, ports }): AuthenticatorEvaluator => {
    const secret = ports.oauth.openSecret(config.clientSecret, "clientSecret");
    return compileOAuthAuthenticator({
      ruleId,
      kind: "mcp-oauth2-client-credentials",
      issuer: config.authDomain,
      jwksUrl: config.jwksUrl || null,
      audience: null,
      algorithms: [...JWT_ALGORITHMS],
      clockSkewSeconds: config.clockSkewSeconds,
      requiredScopes: config.scope.split(" ").filter(Boolean),
      userIdExpression: config.userIdExpression,
      rolesExpression: config.rolesExpression,
      headersToAdd: [],
      propagateRawToken: false,
      cacheTtlSeconds: config.tokenCacheTtlSeconds,
      introspectionClient: secret ? { id: config.clientId, secret } : null,
      oauth: ports.oauth,
      now: ports.now,
    });
  },
});
