import { describe, expect, it } from "vitest";
import { JWT_ALGORITHMS, mcpOAuth2JwtValidator } from "./mcp-oauth2-jwt-validator";
import { DEFAULT_ROLES_EXPRESSION } from "./shared-fields";

type ValidCase = { name: string; input: unknown; expected: Record<string, unknown> };
type InvalidCase = { name: string; input: unknown; path: string; message: string };

const schema = mcpOAuth2JwtValidator.configSchema;

function issuesOf(input: unknown) {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

const authDomain = "https://login.example.com/realms/mcp";
const config = (fields: Record<string, unknown>) => ({ authDomain, ...fields });
const header = (name: string, expression = "claims.sub") => config({ headersToAdd: [{ header: name, expression }] });

const valid: ValidCase[] = [
  {
    name: "an auth domain, with every other field defaulted",
    input: { authDomain },
    expected: {
      authDomain,
      jwksUrl: "",
      audience: "",
      allowedAlgorithms: ["RS256", "ES256", "PS256", "EdDSA"],
      userIdExpression: "claims.sub",
      rolesExpression: DEFAULT_ROLES_EXPRESSION,
      propagateRawToken: false,
      headersToAdd: [],
    },
  },
  { name: "every asymmetric algorithm", input: config({ allowedAlgorithms: [...JWT_ALGORITHMS] }), expected: { allowedAlgorithms: [...JWT_ALGORITHMS] } },
  { name: "an audience with padding, which is trimmed", input: config({ audience: "  api://mcp  " }), expected: { audience: "api://mcp" } },
  { name: "a JWKS URL", input: config({ jwksUrl: "https://login.example.com/certs" }), expected: { jwksUrl: "https://login.example.com/certs" } },
  { name: "raw token propagation", input: config({ propagateRawToken: true }), expected: { propagateRawToken: true } },
  {
    name: "headers set from claims",
    input: config({ headersToAdd: [{ header: "X-User-Id", expression: "claims.sub" }, { header: "X-User-Email", expression: 'claims.email + ""' }] }),
    expected: { headersToAdd: [{ header: "X-User-Id", expression: "claims.sub" }, { header: "X-User-Email", expression: 'claims.email + ""' }] },
  },
];

const reserved = ["Host", "content-length", "Transfer-Encoding", "Connection", "Keep-Alive", "Upgrade", "TE", "Trailer", "Proxy-Authorization", "Mcp-Session-Id", "MCP-Protocol-Version"];

const invalid: InvalidCase[] = [
  { name: "an empty config, without an auth domain", input: {}, path: "authDomain", message: "Required" },
  { name: "an auth domain that is not a URL", input: { authDomain: "login.example.com" }, path: "authDomain", message: "Enter an http:// or https:// URL" },
  { name: "a JWKS URL with another scheme", input: config({ jwksUrl: "file:///etc/jwks.json" }), path: "jwksUrl", message: "Enter an http:// or https:// URL" },
  { name: "an audience longer than 1000 characters", input: config({ audience: "a".repeat(1001) }), path: "audience", message: "At most 1000 characters" },
  { name: "the HMAC algorithm HS256", input: config({ allowedAlgorithms: ["HS256"] }), path: "allowedAlgorithms.0", message: `Choose from: ${JWT_ALGORITHMS.join(", ")}` },
  { name: "the HMAC algorithm HS512 among asymmetric ones", input: config({ allowedAlgorithms: ["RS256", "HS512"] }), path: "allowedAlgorithms.1", message: "Choose from:" },
  { name: "the none algorithm", input: config({ allowedAlgorithms: ["none"] }), path: "allowedAlgorithms.0", message: "Choose from:" },
  { name: "no algorithms", input: config({ allowedAlgorithms: [] }), path: "allowedAlgorithms", message: "Choose at least one" },
  { name: "an algorithm listed twice", input: config({ allowedAlgorithms: ["RS256", "RS256"] }), path: "allowedAlgorithms", message: "Each value may appear once" },
  { name: "a user ID expression that returns a list", input: config({ userIdExpression: "[claims.sub]" }), path: "userIdExpression", message: "returns list; it must return string" },
  { name: "a roles expression with an unknown variable", input: config({ rolesExpression: "user.roles" }), path: "rolesExpression", message: "Unknown variable: user" },
  { name: "raw token propagation that is not a boolean", input: config({ propagateRawToken: "true" }), path: "propagateRawToken", message: "Choose yes or no" },
  ...reserved.map((name) => ({ name: `the reserved header ${name}`, input: header(name), path: "headersToAdd.0.header", message: `${name} cannot be set from a claim` })),
  { name: "a header name with a space", input: header("X User"), path: "headersToAdd.0.header", message: '"X User" is not a valid header name' },
  { name: "a blank header name", input: header("  "), path: "headersToAdd.0.header", message: "Required" },
  {
    name: "a header set twice in another case",
    input: config({ headersToAdd: [{ header: "X-User-Id", expression: "claims.sub" }, { header: "x-user-id", expression: "claims.email" }] }),
    path: "headersToAdd.1.header",
    message: "x-user-id is set twice",
  },
  { name: "a header without an expression", input: config({ headersToAdd: [{ header: "X-User-Id" }] }), path: "headersToAdd.0.expression", message: "Enter an expression" },
  { name: "a header expression that returns a bool", input: header("X-Admin", "claims.admin == true"), path: "headersToAdd.0.expression", message: "returns bool; it must return string" },
  { name: "a header expression over the request", input: header("X-Ip", "request.ip"), path: "headersToAdd.0.expression", message: "Unknown variable: request (at character 1)" },
  { name: "a header expression with a syntax error", input: header("X-Email", "claims.email +"), path: "headersToAdd.0.expression", message: "Unexpected token: EOF (at character 15)" },
];

describe("mcp-oauth2-jwt-validator", () => {
  it("is an Authenticate rule in the authenticate phase that MCP servers can use", () => {
    expect(mcpOAuth2JwtValidator).toMatchObject({
      kind: "mcp-oauth2-jwt-validator",
      category: "Authenticate",
      phase: "authenticate",
      mcp: { compatible: true },
    });
  });

  it("offers only asymmetric algorithms", () => {
    expect(JWT_ALGORITHMS.filter((algorithm) => /^HS|^none$/i.test(algorithm))).toEqual([]);
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
