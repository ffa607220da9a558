import { describe, expect, it } from "vitest";
import { checkCel, compileCel, type CelResult, type CelVariable } from "./cel";
import { DEFAULT_ROLES_EXPRESSION } from "./rules/shared-fields";

const ALL: CelVariable[] = ["request", "user", "claims", "mcp"];

type CheckValidCase = { name: string; source: string; variables: CelVariable[]; returns: CelResult; type: string };
type CheckInvalidCase = { name: string; source: string; variables: CelVariable[]; returns: CelResult; message: string; position?: number };

const checkValid: CheckValidCase[] = [
  { name: "the constant true", source: "true", variables: ["request"], returns: "bool", type: "bool" },
  { name: "a comparison on the request", source: 'request.method == "POST"', variables: ["request"], returns: "bool", type: "bool" },
  { name: "a header lookup", source: 'request.headers["x-tenant"] == "acme"', variables: ["request"], returns: "bool", type: "bool" },
  { name: "a membership test on the MCP tool", source: 'mcp.tool in ["get_weather", "get_forecast"]', variables: ALL, returns: "bool", type: "bool" },
  { name: "a membership test on the caller's roles", source: '"admin" in user.roles', variables: ALL, returns: "bool", type: "bool" },
  { name: "a size check", source: "size(user.roles) > 0", variables: ALL, returns: "bool", type: "bool" },
  { name: "a string literal", source: '"anonymous"', variables: ["claims"], returns: "string", type: "string" },
  { name: "a string concatenation", source: 'claims.sub + "@example.com"', variables: ["claims"], returns: "string", type: "string" },
  { name: "a claim, which is dyn and accepted as a string", source: "claims.sub", variables: ["claims"], returns: "string", type: "dyn" },
  { name: "a claim, which is dyn and accepted as a bool", source: "mcp.arguments.confirm", variables: ALL, returns: "bool", type: "dyn" },
  { name: "a claim, which is dyn and accepted as a list", source: "claims.realm_access.roles", variables: ["claims"], returns: "list", type: "dyn" },
  { name: "a list literal", source: '["a", "b"]', variables: ["claims"], returns: "list", type: "list<string>" },
  { name: "the default roles expression", source: DEFAULT_ROLES_EXPRESSION, variables: ["claims"], returns: "list", type: "list<string>" },
];

const checkInvalid: CheckInvalidCase[] = [
  { name: "an empty expression", source: "", variables: ["request"], returns: "bool", message: "Enter an expression" },
  { name: "a blank expression", source: "   ", variables: ["request"], returns: "bool", message: "Enter an expression" },
  { name: "an unknown variable", source: "foo == 1", variables: ["request"], returns: "bool", message: "Unknown variable: foo (at character 1)", position: 1 },
  {
    name: "an unknown variable later in the expression",
    source: 'request.method == "GET" && foo',
    variables: ["request"],
    returns: "bool",
    message: "Unknown variable: foo (at character 28)",
    position: 28,
  },
  {
    name: "a variable the field does not offer",
    source: 'request.method == "GET" && user.id == "x"',
    variables: ["request", "claims"],
    returns: "bool",
    message: "Unknown variable: user (at character 28)",
    position: 28,
  },
  { name: "a comparison missing its right side", source: "request.method ==", variables: ["request"], returns: "bool", message: "Unexpected token: EOF (at character 18)", position: 18 },
  { name: "an operator at the end", source: '"a" == "b" ||', variables: ["request"], returns: "bool", message: "Unexpected token: EOF (at character 14)", position: 14 },
  { name: "an unclosed parenthesis", source: "(true", variables: ["request"], returns: "bool", message: "Expected RPAREN, got EOF (at character 6)", position: 6 },
  { name: "a comparison of different types", source: '1 == "a"', variables: ["request"], returns: "bool", message: "no such overload: int == string (at character 1)", position: 1 },
  { name: "a string where a bool is needed", source: '"abc"', variables: ["request"], returns: "bool", message: "The expression returns string; it must return bool" },
  { name: "an int where a string is needed", source: "1", variables: ["claims"], returns: "string", message: "The expression returns int; it must return string" },
  { name: "a bool where a list is needed", source: "true", variables: ["claims"], returns: "list", message: "The expression returns bool; it must return a list" },
  { name: "a map where a list is needed", source: '{"a": 1}', variables: ["claims"], returns: "list", message: "The expression returns map<string, int>; it must return a list" },
  { name: "a list where a bool is needed", source: '[1, "a"]', variables: ["claims"], returns: "bool", message: "The expression returns list; it must return bool" },
];

type EvaluateCase = { name: string; source: string; variables: CelVariable[]; context: Partial<Record<CelVariable, unknown>>; value: unknown };

const evaluate: EvaluateCase[] = [
  { name: "a matching method", source: 'request.method == "POST"', variables: ["request"], context: { request: { method: "POST" } }, value: true },
  { name: "another method", source: 'request.method == "POST"', variables: ["request"], context: { request: { method: "GET" } }, value: false },
  { name: "a claim", source: "claims.email", variables: ["claims"], context: { claims: { email: "ada@example.com" } }, value: "ada@example.com" },
  { name: "the default roles expression with a scope", source: DEFAULT_ROLES_EXPRESSION, variables: ["claims"], context: { claims: { scope: "mcp:access read:data" } }, value: ["mcp:access", "read:data"] },
  { name: "the default roles expression without a scope", source: DEFAULT_ROLES_EXPRESSION, variables: ["claims"], context: { claims: { sub: "ada" } }, value: [] },
  {
    name: "a condition over the tool and the roles",
    source: 'mcp.tool == "get_weather" && "admin" in user.roles',
    variables: ALL,
    context: { mcp: { tool: "get_weather" }, user: { id: "ada", roles: ["admin"] } },
    value: true,
  },
  { name: "a header lookup", source: 'request.headers["x-tenant"]', variables: ["request"], context: { request: { headers: { "x-tenant": "acme" } } }, value: "acme" },
];

describe("checkCel", () => {
  it.each(checkValid)("accepts $name", ({ source, variables, returns, type }) => {
    expect(checkCel(source, variables, returns)).toEqual({ ok: true, type });
  });

  it.each(checkInvalid)("refuses $name", ({ source, variables, returns, message, position }) => {
    expect(checkCel(source, variables, returns)).toEqual({ ok: false, message: expect.stringContaining(message), position });
  });
});

describe("compileCel", () => {
  it.each(evaluate)("evaluates $name", ({ source, variables, context, value }) => {
    expect(compileCel(source, variables)(context)).toEqual({ ok: true, value });
  });

  it("returns a missing key as an error instead of throwing", () => {
    const run = compileCel("claims.email", ["claims"]);
    expect(run({ claims: { sub: "ada" } })).toEqual({ ok: false, error: expect.stringContaining("email") });
  });

  it("returns a missing variable as an error instead of throwing", () => {
    expect(compileCel("claims.email", ["claims"])({})).toEqual({ ok: false, error: expect.stringContaining("claims") });
  });

  it("returns a runtime error as an error instead of throwing", () => {
    expect(compileCel("1 / 0 == 1", ["request"])({})).toEqual({ ok: false, error: expect.stringContaining("division by zero") });
  });

  it.each([
    { source: "true", value: true },
    { source: " false ", value: false },
  ])("compiles $source to a constant", ({ source, value }) => {
    const run = compileCel(source, ["request"]);
    const first = run({});
    expect(first).toEqual({ ok: true, value });
    expect(run({ request: { method: "GET" } })).toBe(first);
  });
});
