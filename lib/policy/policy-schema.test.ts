import { describe, expect, it } from "vitest";
import type { FieldDescriptor } from "./fields";
import { POLICY_NAME_MAX, policyInput } from "./policy-schema";
import { COMMON_RULE_FIELDS, RULE_CATALOG } from "./rule-catalog";
import { RULE_KINDS } from "./rule-kinds";
import { POLICY_TEMPLATES } from "./templates";

type ValidCase = { name: string; input: unknown; expected: Record<string, unknown> };
type InvalidCase = { name: string; input: unknown; path: string; message: string };

function issuesOf(input: unknown) {
  const result = policyInput.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

const anonymous = { kind: "anonymous-authenticator", config: {} };

const valid: ValidCase[] = [
  { name: "a name alone, with no rules", input: { name: "Production" }, expected: { name: "Production", description: "", rules: [] } },
  { name: "a name with padding, which is trimmed", input: { name: "  Production  " }, expected: { name: "Production", description: "", rules: [] } },
  { name: "a name of the largest length", input: { name: "n".repeat(POLICY_NAME_MAX) }, expected: { name: "n".repeat(POLICY_NAME_MAX), description: "", rules: [] } },
  {
    name: "a rule with only a kind and config, which gets the rule defaults",
    input: { name: "Dev", rules: [anonymous] },
    expected: { name: "Dev", description: "", rules: [{ kind: "anonymous-authenticator", enabled: true, condition: "true", description: "", config: { roles: ["anonymous"] } }] },
  },
  {
    name: "a disabled rule with a condition and a description",
    input: { name: "Dev", rules: [{ ...anonymous, id: "rule_1", enabled: false, condition: 'request.method == "GET"', description: " Reads only " }] },
    expected: {
      name: "Dev",
      description: "",
      rules: [{ id: "rule_1", kind: "anonymous-authenticator", enabled: false, condition: 'request.method == "GET"', description: "Reads only", config: { roles: ["anonymous"] } }],
    },
  },
  {
    name: "a condition over the MCP call and the authenticated caller",
    input: { name: "Dev", rules: [{ ...anonymous, condition: 'mcp.tool == "get_weather" && "admin" in user.roles && has(claims.sub)' }] },
    expected: { rules: [{ condition: 'mcp.tool == "get_weather" && "admin" in user.roles && has(claims.sub)' }] },
  },
];

const invalid: InvalidCase[] = [
  { name: "a policy without a name", input: {}, path: "name", message: "Required" },
  { name: "a blank name", input: { name: "   " }, path: "name", message: "Give the policy a name" },
  { name: "a name that is too long", input: { name: "n".repeat(POLICY_NAME_MAX + 1) }, path: "name", message: `At most ${POLICY_NAME_MAX} characters` },
  { name: "a description that is too long", input: { name: "P", description: "d".repeat(1001) }, path: "description", message: "At most 1000 characters" },
  { name: "more than 50 rules", input: { name: "P", rules: Array.from({ length: 51 }, () => anonymous) }, path: "rules", message: "A policy has at most 50 rules" },
  { name: "an unknown rule kind", input: { name: "P", rules: [anonymous, { kind: "teleport", config: {} }] }, path: "rules.1.kind", message: "Unknown rule kind; choose one of:" },
  { name: "a rule without a kind", input: { name: "P", rules: [{ config: {} }] }, path: "rules.0.kind", message: "Unknown rule kind" },
  {
    name: "an invalid role in a nested config row",
    input: { name: "P", rules: [anonymous, { kind: "authorize-by-role", config: { roles: [{ role: "read data" }] } }] },
    path: "rules.1.config.roles.0.role",
    message: '"read data" is not a valid role',
  },
  {
    name: "an invalid condition in a nested config row",
    input: { name: "P", rules: [{ kind: "authorize-by-role", config: { roles: [{ role: "reader", condition: "1" }] } }] },
    path: "rules.0.config.roles.0.condition",
    message: "it must return bool",
  },
  { name: "a rule condition that is not a bool", input: { name: "P", rules: [{ ...anonymous, condition: '"yes"' }] }, path: "rules.0.condition", message: "returns string; it must return bool" },
  { name: "a rule condition with a syntax error", input: { name: "P", rules: [{ ...anonymous, condition: "request.ip ==" }] }, path: "rules.0.condition", message: "(at character 14)" },
  { name: "a rule condition with an unknown variable", input: { name: "P", rules: [{ ...anonymous, condition: "token.sub == 'x'" }] }, path: "rules.0.condition", message: "Unknown variable: token" },
  { name: "enabled that is not a boolean", input: { name: "P", rules: [{ ...anonymous, enabled: "yes" }] }, path: "rules.0.enabled", message: "expected boolean" },
  { name: "a rule description that is too long", input: { name: "P", rules: [{ ...anonymous, description: "d".repeat(501) }] }, path: "rules.0.description", message: "At most 500 characters" },
];

/** The required fields each template leaves for the user, by template id and rule index. */
const templateFills: Record<string, Record<number, Record<string, unknown>>> = {
  "mcp-oauth2-client-credentials": {
    0: {
      tokenEndpointUrl: "https://auth.example.com/oauth/token",
      clientId: "gatehouse",
      clientSecret: "s3cret",
      authDomain: "https://auth.example.com",
    },
  },
  "mcp-oauth2-jwt": { 0: { authDomain: "https://login.example.com/realms/mcp" } },
  anonymous: {},
};

const missingTemplateFields = [
  {
    id: "mcp-oauth2-client-credentials",
    paths: ["rules.0.config.authDomain", "rules.0.config.clientId", "rules.0.config.clientSecret", "rules.0.config.tokenEndpointUrl"],
  },
  { id: "mcp-oauth2-jwt", paths: ["rules.0.config.authDomain"] },
];

function templateById(id: string) {
  const template = POLICY_TEMPLATES.find((candidate) => candidate.id === id);
  if (!template) throw new Error(`No template ${id}`);
  return template;
}

function fieldsWithColumns(fields: FieldDescriptor[], prefix = ""): { key: string; descriptor: FieldDescriptor }[] {
  return fields.flatMap((descriptor) => [
    { key: `${prefix}${descriptor.key}`, descriptor },
    ...fieldsWithColumns(descriptor.columns ?? [], `${prefix}${descriptor.key}.`),
  ]);
}

const catalogFields = [
  ...RULE_CATALOG.flatMap((entry) => fieldsWithColumns(entry.fields).map((field) => ({ kind: entry.kind, ...field }))),
  ...fieldsWithColumns(COMMON_RULE_FIELDS).map((field) => ({ kind: "every rule", ...field })),
];

describe("policyInput", () => {
  it.each(valid)("accepts $name", ({ input, expected }) => {
    const result = policyInput.safeParse(input);
    expect(result.error?.issues ?? []).toEqual([]);
    expect(result.data).toMatchObject(expected);
  });

  it.each(invalid)("refuses $name", ({ input, path, message }) => {
    expect(issuesOf(input)).toContainEqual({ path, message: expect.stringContaining(message) });
  });

  it("names every rule kind in the unknown kind message", () => {
    const [issue] = issuesOf({ name: "P", rules: [{ kind: "teleport", config: {} }] });
    for (const kind of RULE_KINDS) expect(issue?.message).toContain(kind);
  });
});

describe("POLICY_TEMPLATES", () => {
  it("has fills for exactly the templates there are", () => {
    expect(Object.keys(templateFills).sort()).toEqual(POLICY_TEMPLATES.map((template) => template.id).sort());
  });

  it.each(POLICY_TEMPLATES.map((template) => ({ id: template.id, template })))("accepts $id once its required fields are filled", ({ id, template }) => {
    const fills = templateFills[id] ?? {};
    const rules = template.rules.map((rule, index) => ({ ...rule, config: { ...rule.config, ...fills[index] } }));
    const result = policyInput.safeParse({ name: template.name, description: template.description, rules });
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it("accepts the Anonymous template as it is", () => {
    const template = templateById("anonymous");
    const result = policyInput.safeParse({ name: template.name, description: template.description, rules: template.rules });
    expect(result.error?.issues ?? []).toEqual([]);
    expect(result.data?.rules.map((rule) => rule.kind)).toEqual(["anonymous-authenticator", "authorize-by-role"]);
  });

  it.each(missingTemplateFields)("reports exactly the missing required fields of $id", ({ id, paths }) => {
    const template = templateById(id);
    const issues = issuesOf({ name: template.name, rules: template.rules });
    expect(issues.map((issue) => issue.path).sort()).toEqual(paths);
    for (const issue of issues) expect(issue.message).toBe("Required");
  });
});

describe("RULE_CATALOG", () => {
  it("lists every rule kind once, in registry order", () => {
    expect(RULE_CATALOG.map((entry) => entry.kind)).toEqual([...RULE_KINDS]);
  });

  it.each(RULE_CATALOG.map((entry) => ({ kind: entry.kind, entry })))("describes $kind with a label, a summary and fields", ({ entry }) => {
    expect(entry.label.trim()).not.toBe("");
    expect(entry.summary.trim()).not.toBe("");
    expect(entry.fields.length).toBeGreaterThan(0);
  });

  it.each(catalogFields)("gives $kind $key a label and help", ({ descriptor }) => {
    expect(descriptor.label.trim()).not.toBe("");
    expect(descriptor.help.trim()).not.toBe("");
    if (descriptor.widget === "rows") expect(descriptor.columns?.length).toBeGreaterThan(0);
  });
});
