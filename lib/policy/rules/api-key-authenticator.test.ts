import { describe, expect, it } from "vitest";
import { apiKeyAuthenticator } from "./api-key-authenticator";

type ValidCase = { name: string; input: unknown; expected: Record<string, unknown> };
type InvalidCase = { name: string; input: unknown; path: string; message: string };

const schema = apiKeyAuthenticator.configSchema;

function issuesOf(input: unknown) {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

const key = (entry: Record<string, unknown>) => ({ keys: [{ description: "CI pipeline", ...entry }] });

const valid: ValidCase[] = [
  {
    name: "an empty config, with no keys, read from X-API-Key and Authorization: Bearer",
    input: {},
    expected: { keys: [], headerNames: ["X-API-Key"], acceptBearer: true, queryParameters: [] },
  },
  {
    name: "a key with only a description, which gets the defaults",
    input: { keys: [{ description: "  CI pipeline  " }] },
    expected: { keys: [{ description: "CI pipeline", roles: [], expiresAt: null, revoked: false, rotate: false }] },
  },
  {
    name: "key roles with blanks, which are ignored, and padding, which is trimmed",
    input: key({ roles: [" read:data ", "", "write:data"] }),
    expected: { keys: [{ description: "CI pipeline", roles: ["read:data", "write:data"] }] },
  },
  { name: "an expiry in UTC", input: key({ expiresAt: "2030-01-31T23:59:59Z" }), expected: { keys: [{ expiresAt: "2030-01-31T23:59:59Z" }] } },
  { name: "an expiry with an offset", input: key({ expiresAt: "2030-01-31T23:59:59+02:00" }), expected: { keys: [{ expiresAt: "2030-01-31T23:59:59+02:00" }] } },
  { name: "an expiry with milliseconds", input: key({ expiresAt: "2030-01-31T23:59:59.500Z" }), expected: { keys: [{ expiresAt: "2030-01-31T23:59:59.500Z" }] } },
  { name: "an explicit null expiry", input: key({ expiresAt: null }), expected: { keys: [{ expiresAt: null }] } },
  { name: "rotate and revoke requests", input: key({ rotate: true, revoked: true }), expected: { keys: [{ rotate: true, revoked: true }] } },
  {
    name: "header names with blanks, which are ignored, and padding, which is trimmed",
    input: { headerNames: [" X-Key ", ""] },
    expected: { headerNames: ["X-Key"] },
  },
  { name: "Authorization: Bearer as the only location", input: { headerNames: [], acceptBearer: true }, expected: { headerNames: [], acceptBearer: true } },
  {
    name: "a query parameter as the only location",
    input: { headerNames: [], acceptBearer: false, queryParameters: ["api_key"] },
    expected: { headerNames: [], acceptBearer: false, queryParameters: ["api_key"] },
  },
  {
    name: "a header name as the only location",
    input: { headerNames: ["X-Gatehouse-Key"], acceptBearer: false },
    expected: { headerNames: ["X-Gatehouse-Key"], acceptBearer: false, queryParameters: [] },
  },
];

const invalid: InvalidCase[] = [
  { name: "a key without a description", input: { keys: [{}] }, path: "keys.0.description", message: "Required" },
  { name: "a key with a blank description", input: key({ description: "   " }), path: "keys.0.description", message: "Describe who owns this key" },
  { name: "a description longer than 200 characters", input: key({ description: "d".repeat(201) }), path: "keys.0.description", message: "At most 200 characters" },
  { name: "a role listed twice on a key", input: key({ roles: ["read", "read"] }), path: "keys.0.roles.1", message: '"read" is listed twice' },
  { name: "a role listed twice once trimmed", input: key({ roles: ["read", " read "] }), path: "keys.0.roles.1", message: "is listed twice" },
  { name: "a role with a space", input: key({ roles: ["read data"] }), path: "keys.0.roles.0", message: "is not a valid role" },
  { name: "more than 50 roles on a key", input: key({ roles: Array.from({ length: 51 }, (_, index) => `r${index}`) }), path: "keys.0.roles", message: "At most 50 roles" },
  { name: "an expiry that is only a date", input: key({ expiresAt: "2030-01-31" }), path: "keys.0.expiresAt", message: "Enter a date and time" },
  { name: "an expiry without a time zone", input: key({ expiresAt: "2030-01-31T23:59:59" }), path: "keys.0.expiresAt", message: "Enter a date and time" },
  { name: "an expiry that is not a date", input: key({ expiresAt: "next year" }), path: "keys.0.expiresAt", message: "Enter a date and time" },
  { name: "more than 1000 keys", input: { keys: Array.from({ length: 1001 }, () => ({ description: "k" })) }, path: "keys", message: "At most 1000 keys" },
  {
    name: "no place to read the key from",
    input: { headerNames: [], acceptBearer: false, queryParameters: [] },
    path: "headerNames",
    message: "Name at least one place to read the key from",
  },
  {
    name: "only blank header names and no other place to read the key from",
    input: { headerNames: [" ", ""], acceptBearer: false },
    path: "headerNames",
    message: "Name at least one place to read the key from",
  },
  { name: "a header name listed twice in another case", input: { headerNames: ["X-API-Key", "x-api-key"] }, path: "headerNames.1", message: "is listed twice" },
  { name: "a header name with a space", input: { headerNames: ["X API Key"] }, path: "headerNames.0", message: "is not a valid header name" },
  { name: "the Authorization header as a header name", input: { headerNames: ["authorization"] }, path: "headerNames.0", message: "Accept Authorization: Bearer" },
  { name: "a query parameter with a space", input: { queryParameters: ["api key"] }, path: "queryParameters.0", message: "is not a valid parameter name" },
  { name: "a query parameter listed twice", input: { queryParameters: ["key", "key"] }, path: "queryParameters.1", message: "is listed twice" },
  { name: "acceptBearer that is not a boolean", input: { acceptBearer: "yes" }, path: "acceptBearer", message: "Choose yes or no" },
];

describe("api-key-authenticator", () => {
  it("is an Authenticate rule in the authenticate phase that MCP servers can use", () => {
    expect(apiKeyAuthenticator).toMatchObject({
      kind: "api-key-authenticator",
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
