import { describe, expect, it } from "vitest";
import { authorizeByRole } from "./authorize-by-role";

type ValidCase = { name: string; input: unknown; expected: Record<string, unknown> };
type InvalidCase = { name: string; input: unknown; path: string; message: string };

const schema = authorizeByRole.configSchema;

function issuesOf(input: unknown) {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

const row = (role: string, condition?: string) => ({ roles: [{ role, condition }] });

const valid: ValidCase[] = [
  { name: "a role without a condition, which applies always", input: { roles: [{ role: "mcp:access" }] }, expected: { roles: [{ role: "mcp:access", condition: "true" }] } },
  { name: "a role with padding, which is trimmed", input: row("  admin  "), expected: { roles: [{ role: "admin", condition: "true" }] } },
  { name: "a condition on the MCP tool", input: row("reader", 'mcp.tool == "get_weather"'), expected: { roles: [{ role: "reader", condition: 'mcp.tool == "get_weather"' }] } },
  { name: "a condition on the caller's roles", input: row("reader", '"admin" in user.roles'), expected: { roles: [{ role: "reader", condition: '"admin" in user.roles' }] } },
  {
    name: "a condition over the request and the claims",
    input: row("reader", 'request.method == "POST" && has(claims.sub)'),
    expected: { roles: [{ role: "reader", condition: 'request.method == "POST" && has(claims.sub)' }] },
  },
  {
    name: "several rows",
    input: { roles: [{ role: "read:data" }, { role: "write:data", condition: "false" }] },
    expected: { roles: [{ role: "read:data", condition: "true" }, { role: "write:data", condition: "false" }] },
  },
];

const invalid: InvalidCase[] = [
  { name: "an empty config, whose default row has no role", input: {}, path: "roles.0.role", message: "Required" },
  { name: "an empty list of roles", input: { roles: [] }, path: "roles", message: "Add at least one row" },
  { name: "a blank role", input: row("   "), path: "roles.0.role", message: "Required" },
  { name: "a row without a role", input: { roles: [{ condition: "true" }] }, path: "roles.0.role", message: "Required" },
  { name: "a role with a space", input: row("read data"), path: "roles.0.role", message: '"read data" is not a valid role' },
  { name: "a role longer than 200 characters", input: row("r".repeat(201)), path: "roles.0.role", message: "At most 200 characters" },
  { name: "a blank condition", input: row("reader", ""), path: "roles.0.condition", message: "Enter an expression" },
  { name: "a condition with a syntax error", input: row("reader", "mcp.tool =="), path: "roles.0.condition", message: "Unexpected token: EOF (at character 12)" },
  { name: "a condition with an unknown variable", input: row("reader", "tool == 'x'"), path: "roles.0.condition", message: "Unknown variable: tool (at character 1)" },
  { name: "a condition that returns a string", input: row("reader", '"admin"'), path: "roles.0.condition", message: "returns string; it must return bool" },
  { name: "more than 200 rows", input: { roles: Array.from({ length: 201 }, (_, index) => ({ role: `r${index}` })) }, path: "roles", message: "At most 200 rows" },
  { name: "roles that are not a list", input: { roles: "admin" }, path: "roles", message: "Enter a list" },
];

describe("authorize-by-role", () => {
  it("is an Authorize rule in the authorize phase that MCP servers can use", () => {
    expect(authorizeByRole).toMatchObject({ kind: "authorize-by-role", category: "Authorize", phase: "authorize", mcp: { compatible: true } });
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
