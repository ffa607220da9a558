import { describe, expect, it } from "vitest";
import { CORS_METHODS, corsRestriction } from "./cors-restriction";

type ValidCase = { name: string; input: unknown; expected: Record<string, unknown> };
type InvalidCase = { name: string; input: unknown; path: string; message: string };

const schema = corsRestriction.configSchema;

function issuesOf(input: unknown) {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

const origins = (...allowedOrigins: string[]) => ({ allowedOrigins });

const valid: ValidCase[] = [
  {
    name: "one exact origin, with every other field defaulted",
    input: origins("https://app.example.com"),
    expected: {
      allowedOrigins: ["https://app.example.com"],
      allowedMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"],
      allowedHeaders: [],
      exposedHeaders: ["Mcp-Session-Id", "MCP-Protocol-Version", "WWW-Authenticate"],
      maxAge: 300,
      allowCredentials: false,
    },
  },
  { name: "a wildcard subdomain pattern", input: origins("https://*.example.com"), expected: { allowedOrigins: ["https://*.example.com"] } },
  { name: "a wildcard subdomain pattern with a port", input: origins("https://*.example.com:8443"), expected: { allowedOrigins: ["https://*.example.com:8443"] } },
  { name: "an http origin with a port", input: origins("http://localhost:3000"), expected: { allowedOrigins: ["http://localhost:3000"] } },
  { name: "an IPv6 origin", input: origins("http://[::1]:8080"), expected: { allowedOrigins: ["http://[::1]:8080"] } },
  { name: "any origin without credentials", input: origins("*"), expected: { allowedOrigins: ["*"], allowCredentials: false } },
  {
    name: "credentials with listed origins",
    input: { ...origins("https://app.example.com", "https://*.example.org"), allowCredentials: true },
    expected: { allowedOrigins: ["https://app.example.com", "https://*.example.org"], allowCredentials: true },
  },
  { name: "origins with blanks, which are ignored, and padding, which is trimmed", input: origins("", " https://app.example.com ", "  "), expected: { allowedOrigins: ["https://app.example.com"] } },
  {
    name: "allowed and exposed headers",
    input: { ...origins("*"), allowedHeaders: ["Content-Type", "Authorization"], exposedHeaders: ["Mcp-Session-Id"] },
    expected: { allowedHeaders: ["Content-Type", "Authorization"], exposedHeaders: ["Mcp-Session-Id"] },
  },
  { name: "an empty list of exposed headers", input: { ...origins("*"), exposedHeaders: [] }, expected: { exposedHeaders: [] } },
  { name: "the methods MCP Streamable HTTP needs", input: { ...origins("*"), allowedMethods: ["POST", "GET", "DELETE"] }, expected: { allowedMethods: ["POST", "GET", "DELETE"] } },
  { name: "a max age of zero", input: { ...origins("*"), maxAge: 0 }, expected: { maxAge: 0 } },
  { name: "a max age of one day", input: { ...origins("*"), maxAge: 86400 }, expected: { maxAge: 86400 } },
];

const invalid: InvalidCase[] = [
  { name: "an empty config, which allows no origin", input: {}, path: "allowedOrigins", message: "Add at least one entry" },
  { name: "only blank origins", input: origins(" ", ""), path: "allowedOrigins", message: "Add at least one entry" },
  {
    name: "credentials for any origin",
    input: { ...origins("https://app.example.com", "*"), allowCredentials: true },
    path: "allowCredentials",
    message: "Credentials cannot be allowed for every origin (*)",
  },
  { name: "an origin with a path", input: origins("https://app.example.com/mcp"), path: "allowedOrigins.0", message: "leave out any path" },
  { name: "an origin with a trailing slash", input: origins("https://app.example.com/"), path: "allowedOrigins.0", message: "trailing slash" },
  { name: "an origin with a query", input: origins("https://app.example.com?x=1"), path: "allowedOrigins.0", message: "leave out any path, query" },
  { name: "an origin with credentials", input: origins("https://user:secret@app.example.com"), path: "allowedOrigins.0", message: "credentials" },
  { name: "a wildcard pattern with a trailing slash", input: origins("https://*.example.com/"), path: "allowedOrigins.0", message: "trailing slash" },
  { name: "an origin with another scheme", input: origins("ftp://files.example.com"), path: "allowedOrigins.0", message: "must start with http:// or https://" },
  { name: "an origin without a scheme", input: origins("app.example.com"), path: "allowedOrigins.0", message: '"app.example.com" is not an origin' },
  { name: "a wildcard pattern without a scheme", input: origins("*.example.com"), path: "allowedOrigins.0", message: "is not an origin" },
  { name: "the null origin", input: origins("null"), path: "allowedOrigins.0", message: "is not an origin" },
  { name: "a wildcard in the middle of the host", input: origins("https://api.*.example.com"), path: "allowedOrigins.0", message: "a wildcard may only lead the host" },
  { name: "two wildcard labels", input: origins("https://*.*.example.com"), path: "allowedOrigins.0", message: "a wildcard may only lead the host" },
  { name: "a wildcard as the whole host", input: origins("https://*"), path: "allowedOrigins.0", message: "a wildcard may only lead the host" },
  { name: "a wildcard glued to a label", input: origins("https://*example.com"), path: "allowedOrigins.0", message: "a wildcard may only lead the host" },
  { name: "an origin listed twice", input: origins("https://app.example.com", "https://app.example.com"), path: "allowedOrigins.1", message: "is listed twice" },
  { name: "an allowed header listed twice in another case", input: { ...origins("*"), allowedHeaders: ["Content-Type", "content-type"] }, path: "allowedHeaders.1", message: "is listed twice" },
  { name: "an allowed header with a space", input: { ...origins("*"), allowedHeaders: ["Content Type"] }, path: "allowedHeaders.0", message: "is not a valid header name" },
  { name: "an exposed header with a colon", input: { ...origins("*"), exposedHeaders: ["X-Total:Count"] }, path: "exposedHeaders.0", message: "is not a valid header name" },
  { name: "no methods", input: { ...origins("*"), allowedMethods: [] }, path: "allowedMethods", message: "Choose at least one" },
  { name: "an unknown method", input: { ...origins("*"), allowedMethods: ["TRACE"] }, path: "allowedMethods.0", message: `Choose from: ${CORS_METHODS.join(", ")}` },
  { name: "a method listed twice", input: { ...origins("*"), allowedMethods: ["GET", "GET"] }, path: "allowedMethods", message: "Each value may appear once" },
  { name: "a negative max age", input: { ...origins("*"), maxAge: -1 }, path: "maxAge", message: "At least 0" },
  { name: "a max age above one day", input: { ...origins("*"), maxAge: 86401 }, path: "maxAge", message: "At most 86,400" },
  { name: "allowCredentials that is not a boolean", input: { ...origins("https://app.example.com"), allowCredentials: "yes" }, path: "allowCredentials", message: "Choose yes or no" },
];

describe("cors-restriction", () => {
  it("is a Validate rule in the cors phase that MCP servers can use", () => {
    expect(corsRestriction).toMatchObject({ kind: "cors-restriction", category: "Validate", phase: "cors", mcp: { compatible: true } });
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
