import { describe, expect, it } from "vitest";
import { EvaluationState } from "../evaluation-state";
import type { PolicyPorts, RateLimiterPort } from "../ports";
import { NO_MCP_CALL, type Identity } from "../request-context";
import { clientThrottling } from "./client-throttling";

type ValidCase = { name: string; input: unknown; expected: Record<string, unknown> };
type InvalidCase = { name: string; input: unknown; path: string; message: string };

const schema = clientThrottling.configSchema;

function issuesOf(input: unknown) {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

const tier = (fields: Record<string, unknown>) => ({ tiers: [{ name: "gold", ...fields }] });

const valid: ValidCase[] = [
  { name: "an empty config, with only the default tier", input: {}, expected: { tiers: [], defaultLimit: 60, defaultPeriod: "minute" } },
  {
    name: "a tier with only a name, which gets the defaults",
    input: { tiers: [{ name: "gold" }] },
    expected: { tiers: [{ name: "gold", condition: "true", limit: 100, period: "minute" }], defaultLimit: 60, defaultPeriod: "minute" },
  },
  {
    name: "a tier with every field set",
    input: tier({ condition: '"gold" in user.roles', limit: 1000, period: "hour" }),
    expected: { tiers: [{ name: "gold", condition: '"gold" in user.roles', limit: 1000, period: "hour" }] },
  },
  { name: "the smallest limit", input: tier({ limit: 1, period: "second" }), expected: { tiers: [{ name: "gold", condition: "true", limit: 1, period: "second" }] } },
  {
    name: "the largest limit",
    input: tier({ limit: 1_000_000_000, period: "day" }),
    expected: { tiers: [{ name: "gold", condition: "true", limit: 1_000_000_000, period: "day" }] },
  },
  { name: "tier names with dots, dashes and underscores", input: { tiers: [{ name: "tier_1.gold-plus" }] }, expected: { tiers: [{ name: "tier_1.gold-plus", condition: "true", limit: 100, period: "minute" }] } },
  {
    name: "several tiers with distinct names",
    input: { tiers: [{ name: "gold" }, { name: "silver" }] },
    expected: { tiers: [{ name: "gold", condition: "true", limit: 100, period: "minute" }, { name: "silver", condition: "true", limit: 100, period: "minute" }] },
  },
  { name: "a custom default tier", input: { defaultLimit: 1, defaultPeriod: "day" }, expected: { tiers: [], defaultLimit: 1, defaultPeriod: "day" } },
  { name: "no choice for a Redis outage, which fails open", input: {}, expected: { whenStoreUnavailable: "allow" } },
  { name: "failing closed when Redis is unavailable", input: { whenStoreUnavailable: "refuse" }, expected: { whenStoreUnavailable: "refuse" } },
];

const invalid: InvalidCase[] = [
  { name: "two tiers with the same name", input: { tiers: [{ name: "gold" }, { name: "gold" }] }, path: "tiers.1.name", message: 'The tier name "gold" is used twice' },
  { name: "two tiers with the same name once trimmed", input: { tiers: [{ name: "gold" }, { name: " gold " }] }, path: "tiers.1.name", message: "is used twice" },
  { name: "a tier without a name", input: { tiers: [{}] }, path: "tiers.0.name", message: "Required" },
  { name: "a blank tier name", input: { tiers: [{ name: "  " }] }, path: "tiers.0.name", message: "Required" },
  { name: "a tier name with a space", input: { tiers: [{ name: "gold tier" }] }, path: "tiers.0.name", message: "Use letters, digits" },
  { name: "a tier name longer than 60 characters", input: { tiers: [{ name: "g".repeat(61) }] }, path: "tiers.0.name", message: "At most 60 characters" },
  { name: "a limit of zero", input: tier({ limit: 0 }), path: "tiers.0.limit", message: "At least 1" },
  { name: "a limit above one billion", input: tier({ limit: 1_000_000_001 }), path: "tiers.0.limit", message: "At most 1,000,000,000" },
  { name: "a fractional limit", input: tier({ limit: 1.5 }), path: "tiers.0.limit", message: "Enter a whole number" },
  { name: "a limit given as text", input: tier({ limit: "100" }), path: "tiers.0.limit", message: "Enter a whole number" },
  { name: "an unknown period", input: tier({ period: "week" }), path: "tiers.0.period", message: "Choose one of: second, minute, hour, day" },
  { name: "a condition with a syntax error", input: tier({ condition: '"gold" in' }), path: "tiers.0.condition", message: "(at character 10)" },
  { name: "a condition that returns a number", input: tier({ condition: "1" }), path: "tiers.0.condition", message: "returns int; it must return bool" },
  { name: "a default limit of zero", input: { defaultLimit: 0 }, path: "defaultLimit", message: "At least 1" },
  { name: "a default limit above one billion", input: { defaultLimit: 1_000_000_001 }, path: "defaultLimit", message: "At most 1,000,000,000" },
  { name: "an unknown default period", input: { defaultPeriod: "fortnight" }, path: "defaultPeriod", message: "Choose one of: second, minute, hour, day" },
  { name: "an unknown choice for a Redis outage", input: { whenStoreUnavailable: "ignore" }, path: "whenStoreUnavailable", message: "Choose one of: allow, refuse" },
];

describe("client-throttling", () => {
  it("is a Shape rule in the shape phase that MCP servers can use", () => {
    expect(clientThrottling).toMatchObject({ kind: "client-throttling", category: "Shape", phase: "shape", mcp: { compatible: true } });
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

describe("client-throttling when the counter store is unavailable", () => {
  const identity: Identity = { id: "user-1", roles: [], authenticatedBy: "anonymous-authenticator", ruleId: "auth" };
  const state = () =>
    new EvaluationState({
      method: "POST",
      path: "/mcp/x",
      header: () => undefined,
      headers: () => ({}),
      query: new URLSearchParams(),
      ip: "127.0.0.1",
      mcp: NO_MCP_CALL,
      batch: null,
      resource: { url: "http://localhost/mcp/x", metadataUrl: "http://localhost/.well-known/oauth-protected-resource/mcp/x" },
    });
  const compileWith = (counter: RateLimiterPort, config: unknown) => {
    const ports = { now: () => 0, rateLimiter: () => counter } as unknown as PolicyPorts;
    const evaluator = clientThrottling.compile(clientThrottling.configSchema.parse(config), { ruleId: "throttle", ports });
    if (evaluator.type !== "throttle") throw new Error("Client Throttling must compile to a throttle");
    return evaluator;
  };
  const down: RateLimiterPort = { consume: async () => ({ unavailable: "Redis connection is not ready" }) };

  it("lets the request through by default (fail open), saying why in the trace", async () => {
    const result = await compileWith(down, {}).consume(state(), identity);
    expect(result).toMatchObject({ allowed: true, headers: {} });
    expect(result.reason).toContain("fail open");
    expect(result.reason).toContain("Redis connection is not ready");
  });

  it("refuses with 503 and Retry-After when the policy fails closed", async () => {
    const result = await compileWith(down, { whenStoreUnavailable: "refuse" }).consume(state(), identity);
    expect(result).toMatchObject({ allowed: false, denial: { code: "throttling_unavailable", headers: { "retry-after": "1" } } });
    expect(result.reason).toContain("fail closed");
  });

  it("counts as usual when the store answers, whatever the outage choice", async () => {
    const up: RateLimiterPort = { consume: async () => ({ allowed: false, remaining: 0, resetSeconds: 30 }) };
    const result = await compileWith(up, { whenStoreUnavailable: "refuse", defaultLimit: 5 }).consume(state(), identity);
    expect(result).toMatchObject({ allowed: false, denial: { code: "rate_limited", headers: { "retry-after": "30" } } });
  });
});
