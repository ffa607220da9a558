import { z } from "zod";
import { field } from "../fields";
import { compileOAuthAuthenticator } from "../oauth-authenticator";
import { defineRule, type AuthenticatorEvaluator } from "../types";
import { authDomainField, headerName, jwksUrlField, rolesExpressionField, userIdExpressionField } from "./shared-fields";

/** Asymmetric JWS algorithms only: HMAC with a public key and `none` must be impossible. */
export const JWT_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"] as const;

/** Headers a claim may never set upstream: they frame the HTTP message or route it. */
const RESERVED_UPSTREAM_HEADERS = new Set(["host", "content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer", "proxy-authorization", "mcp-session-id", "mcp-protocol-version"]);

export const mcpOAuth2JwtValidator = defineRule({
  kind: "mcp-oauth2-jwt-validator",
  label: "MCP OAuth2 JWT Validator",
  summary: "Validates JWT access tokens from an identity provider against its signing keys, issuer and audience.",
  category: "Authenticate",
  phase: "authenticate",
  mcp: { compatible: true },
  configSchema: z.object({
    authDomain: authDomainField(),
    jwksUrl: jwksUrlField(),
    audience: field.text({
      label: "Audience",
      help: "The `aud` value tokens must contain. Leave empty to require this MCP server's own gateway URL, as the MCP authorization spec and RFC 8707 expect.",
      placeholder: "https://gateway.example.com/mcp/my-server",
      required: false,
      max: 1000,
    }),
    allowedAlgorithms: field.multiselect({
      label: "Allowed algorithms",
      help: "Signature algorithms accepted. Only asymmetric algorithms are offered: `none` and HMAC are always refused.",
      values: JWT_ALGORITHMS,
      default: ["RS256", "ES256", "PS256", "EdDSA"],
    }),
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
    propagateRawToken: field.boolean({
      label: "Propagate raw token",
      help: "Forward the caller's token to the MCP server in the Authorization header.",
      warning: "The MCP authorization spec forbids token passthrough: the MCP server would accept a token that was not issued for it. Use Headers to Add instead.",
      default: false,
    }),
    headersToAdd: field.rows({
      label: "Headers to Add",
      help: "Headers set on the request to the MCP server from the token's claims. Any copy of these headers sent by the client is removed first.",
      addLabel: "Add header",
      columns: {
        header: field.text({
          label: "Upstream header",
          help: "The header name, e.g. X-User-Id.",
          placeholder: "X-User-Id",
          max: 200,
          check: (value) => headerName(value) ?? (RESERVED_UPSTREAM_HEADERS.has(value.toLowerCase()) ? `${value} cannot be set from a claim` : null),
        }),
        expression: field.cel({
          label: "Value expression",
          help: "CEL expression over `claims` returning a string, e.g. `claims.email`.",
          variables: ["claims"],
          returns: "string",
        }),
      },
    }),
  }).superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.headersToAdd.forEach((row, index) => {
      const key = row.header.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: "custom", path: ["headersToAdd", index, "header"], message: `${row.header} is set twice` });
      seen.add(key);
    });
  }),
  compile: (config, { ruleId, ports }): AuthenticatorEvaluator =>
    compileOAuthAuthenticator({
      ruleId,
      kind: "mcp-oauth2-jwt-validator",
      issuer: config.authDomain,
      jwksUrl: config.jwksUrl || null,
      audience: config.audience || null,
      algorithms: config.allowedAlgorithms,
      clockSkewSeconds: config.clockSkewSeconds,
      requiredScopes: [],
      userIdExpression: config.userIdExpression,
      rolesExpression: config.rolesExpression,
      headersToAdd: config.headersToAdd,
      propagateRawToken: config.propagateRawToken,
      // Verified JWTs are remembered until they expire, at most ten minutes.
      cacheTtlSeconds: 600,
      introspectionClient: null,
      oauth: ports.oauth,
      now: ports.now,
    }),
});
