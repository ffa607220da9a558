import { describe, expect, it } from "vitest";
import { mcpOAuth2ClientCredentials } from "./mcp-oauth2-client-credentials";
import { DEFAULT_ROLES_EXPRESSION } from "./shared-fields";

type ValidCase = { name: string; input: unknown; expected: Record<string, unknown> };
type InvalidCase = { name: string; input: unknown; path: string; message: string };

const schema = mcpOAuth2ClientCredentials.configSchema;

function issuesOf(input: unknown) {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

const required = {
  tokenEndpointUrl: "https://auth.example.com/oauth/token",
  clientId: "gatehouse",
  clientSecret: "s3cret",
  authDomain: "https://auth.example.com",
};
const config = (fields: Record<string, unknown>) => ({ ...required, ...fields });

const valid: ValidCase[] = [
  {
    name: "the required fields, with every other field defaulted",
    input: required,
    expected: {
      ...required,
      scope: "",
      jwksUrl: "",
      userIdExpression: "claims.sub",
      rolesExpression: DEFAULT_ROLES_EXPRESSION,
      tokenCacheTtlSeconds: 600,
    },
  },
  {
    name: "URLs and the client ID with padding, which is trimmed",
    input: config({ tokenEndpointUrl: " https://auth.example.com/token ", clientId: " gatehouse ", authDomain: " http://localhost:8080/realms/mcp " }),
    expected: { tokenEndpointUrl: "https://auth.example.com/token", clientId: "gatehouse", authDomain: "http://localhost:8080/realms/mcp" },
  },
  { name: "a secret kept from the last save", input: config({ clientSecret: { set: true } }), expected: { clientSecret: { set: true } } },
  { name: "a sealed secret", input: config({ clientSecret: { sealed: "v1.abc" } }), expected: { clientSecret: { sealed: "v1.abc" } } },
  { name: "scopes separated by single spaces", input: config({ scope: "mcp:access read:data" }), expected: { scope: "mcp:access read:data" } },
  { name: "a JWKS URL", input: config({ jwksUrl: "https://auth.example.com/jwks.json" }), expected: { jwksUrl: "https://auth.example.com/jwks.json" } },
  {
    name: "custom user ID and roles expressions",
    input: config({ userIdExpression: "claims.client_id", rolesExpression: "claims.realm_access.roles" }),
    expected: { userIdExpression: "claims.client_id", rolesExpression: "claims.realm_access.roles" },
  },
  { name: "a roles expression that returns a list literal", input: config({ rolesExpression: '["mcp:access"]' }), expected: { rolesExpression: '["mcp:access"]' } },
  { name: "a token cache TTL of zero", input: config({ tokenCacheTtlSeconds: 0 }), expected: { tokenCacheTtlSeconds: 0 } },
  { name: "a token cache TTL of one day", input: config({ tokenCacheTtlSeconds: 86400 }), expected: { tokenCacheTtlSeconds: 86400 } },
];

const invalid: InvalidCase[] = [
  { name: "an empty config, without a token endpoint", input: {}, path: "tokenEndpointUrl", message: "Required" },
  { name: "an empty config, without a client ID", input: {}, path: "clientId", message: "Required" },
  { name: "an empty config, without a client secret", input: {}, path: "clientSecret", message: "Required" },
  { name: "an empty config, without an auth domain", input: {}, path: "authDomain", message: "Required" },
  { name: "a token endpoint with another scheme", input: config({ tokenEndpointUrl: "ftp://auth.example.com/token" }), path: "tokenEndpointUrl", message: "Enter an http:// or https:// URL" },
  { name: "a token endpoint without a scheme", input: config({ tokenEndpointUrl: "auth.example.com/token" }), path: "tokenEndpointUrl", message: "Enter an http:// or https:// URL" },
  { name: "an auth domain without a host", input: config({ authDomain: "https://" }), path: "authDomain", message: "Enter an http:// or https:// URL" },
  { name: "a JWKS URL that is not a URL", input: config({ jwksUrl: "keys.json" }), path: "jwksUrl", message: "Enter an http:// or https:// URL" },
  { name: "a blank client ID", input: config({ clientId: "   " }), path: "clientId", message: "Required" },
  { name: "a client ID longer than 500 characters", input: config({ clientId: "c".repeat(501) }), path: "clientId", message: "At most 500 characters" },
  { name: "a blank client secret", input: config({ clientSecret: "  " }), path: "clientSecret", message: "Required" },
  { name: "a secret object that does not keep the secret", input: config({ clientSecret: { set: false } }), path: "clientSecret", message: "Required" },
  { name: "scopes separated by two spaces", input: config({ scope: "mcp:access  read:data" }), path: "scope", message: "Separate scopes with single spaces (RFC 6749 §3.3)" },
  { name: "a scope with a double quote", input: config({ scope: 'mcp:"access"' }), path: "scope", message: "RFC 6749 §3.3" },
  { name: "a scope with a backslash", input: config({ scope: "mcp\\access" }), path: "scope", message: "RFC 6749 §3.3" },
  { name: "a user ID expression that returns a bool", input: config({ userIdExpression: 'claims.sub == "x"' }), path: "userIdExpression", message: "returns bool; it must return string" },
  { name: "a user ID expression over the request", input: config({ userIdExpression: "request.ip" }), path: "userIdExpression", message: "Unknown variable: request (at character 1)" },
  { name: "a roles expression that returns a string", input: config({ rolesExpression: '"admin"' }), path: "rolesExpression", message: "returns string; it must return a list" },
  { name: "a roles expression with a syntax error", input: config({ rolesExpression: "claims.roles[" }), path: "rolesExpression", message: "(at character 14)" },
  { name: "a blank roles expression", input: config({ rolesExpression: " " }), path: "rolesExpression", message: "Enter an expression" },
  { name: "a negative token cache TTL", input: config({ tokenCacheTtlSeconds: -1 }), path: "tokenCacheTtlSeconds", message: "At least 0" },
  { name: "a token cache TTL above one day", input: config({ tokenCacheTtlSeconds: 86401 }), path: "tokenCacheTtlSeconds", message: "At most 86,400" },
  { name: "a fractional token cache TTL", input: config({ tokenCacheTtlSeconds: 1.5 }), path: "tokenCacheTtlSeconds", message: "Enter a whole number" },
];

describe("mcp-oauth2-client-credentials", () => {
  it("is an Authenticate rule in the authenticate phase that MCP servers can use", () => {
    expect(mcpOAuth2ClientCredentials).toMatchObject({
      kind: "mcp-oauth2-client-credentials",
      category: "Authenticate",
      phase: "authenticate",
      mcp: { compatible: true },
    });
  });

  it.each(valid)("accepts $name", ({ input, expected }) => {
    const result = schema.safeParse(input);
    expect(result.error?.issues ?? []).toEqual([]);
    expect(result.data).toMatchObject(expected);
  });

  it.each(invalid)("refuses $name", ({ input, path, message }) => {
    expect(issuesOf(input)).toContainEqual({ path, message: expect.stringContaining(message) });
  });
});
