import { describe, expect, it } from "vitest";
import { anonymousAuthenticator } from "./anonymous-authenticator";

type ValidCase = { name: string; input: unknown; expected: Record<string, unknown> };
type InvalidCase = { name: string; input: unknown; path: string; message: string };

const schema = anonymousAuthenticator.configSchema;

function issuesOf(input: unknown) {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

const valid: ValidCase[] = [
  { name: "an empty config, which gets the anonymous role", input: {}, expected: { roles: ["anonymous"] } },
  { name: "several roles", input: { roles: ["dev", "mcp:access"] }, expected: { roles: ["dev", "mcp:access"] } },
  { name: "roles with blanks, which are ignored, and padding, which is trimmed", input: { roles: [" dev ", "", "   "] }, expected: { roles: ["dev"] } },
  { name: "an empty list, which gives no roles", input: { roles: [] }, expected: { roles: [] } },
  { name: "a role of 200 characters", input: { roles: ["r".repeat(200)] }, expected: { roles: ["r".repeat(200)] } },
];

const invalid: InvalidCase[] = [
  { name: "a role listed twice", input: { roles: ["dev", "dev"] }, path: "roles.1", message: '"dev" is listed twice' },
  { name: "a role listed twice once trimmed", input: { roles: ["dev", " dev "] }, path: "roles.1", message: "listed twice" },
  { name: "a role with a space", input: { roles: ["dev team"] }, path: "roles.0", message: "is not a valid role" },
  { name: "a role with a control character", input: { roles: ["dev\u0007"] }, path: "roles.0", message: "is not a valid role" },
  { name: "a role longer than 200 characters", input: { roles: ["r".repeat(201)] }, path: "roles.0", message: "at most 200 characters" },
  { name: "roles that are not a list", input: { roles: "dev" }, path: "roles", message: "Enter a list" },
  { name: "a role that is not text", input: { roles: [7] }, path: "roles.0", message: "Enter text" },
  { name: "more than 100 roles", input: { roles: Array.from({ length: 101 }, (_, index) => `role-${index}`) }, path: "roles", message: "At most 100 entries" },
];

describe("anonymous-authenticator", () => {
  it("is a development-only Authenticate rule in the authenticate phase that MCP servers can use", () => {
    expect(anonymousAuthenticator).toMatchObject({
      kind: "anonymous-authenticator",
      category: "Authenticate",
      phase: "authenticate",
      mcp: { compatible: true },
      developmentOnly: true,
    });
  });

  it.each(valid)("accepts $name", ({ input, expected }) => {
    const result = schema.safeParse(input);
    expect(result.error?.issues ?? []).toEqual([]);
    expect(result.data).toEqual(expected);
  });

  it.each(invalid)("refuses $name", ({ input, path, message }) => {
    expect(issuesOf(input)).toContainEqual({ path, message: expect.stringContaining(message) });
  });
});
