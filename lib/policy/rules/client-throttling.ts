import { z } from "zod";
import { field } from "../fields";
import { compileCel } from "../cel";
import { deny } from "../denials";
import { defineRule, type ThrottleEvaluator } from "../types";

export const THROTTLING_PERIODS = ["second", "minute", "hour", "day"] as const;
export type ThrottlingPeriod = (typeof THROTTLING_PERIODS)[number];

export const PERIOD_SECONDS: Record<ThrottlingPeriod, number> = { second: 1, minute: 60, hour: 3600, day: 86400 };

const periodLabels = { second: "per second", minute: "per minute", hour: "per hour", day: "per day" } as const;

export const STORE_OUTAGE_CHOICES = ["allow", "refuse"] as const;

export const clientThrottling = defineRule({
  kind: "client-throttling",
  label: "Client Throttling",
  summary: "Limits how many requests each caller may make per period, with service tiers; over the limit the caller gets 429 and Retry-After.",
  category: "Shape",
  phase: "shape",
  mcp: { compatible: true },
  configSchema: z.object({
    tiers: field.rows({
      label: "Service tiers",
      help: "Requests are counted per caller (user ID, or client IP for anonymous callers). The first tier whose condition is true applies; when none does, the default tier applies.",
      addLabel: "Add tier",
      columns: {
        name: field.text({ label: "Name", help: "Shown in the RateLimit-Policy header and in logs.", placeholder: "gold", max: 60, check: (v) => (/^[A-Za-z0-9_.-]+$/.test(v) ? null : "Use letters, digits, '-', '_' or '.'") }),
        condition: field.cel({
          label: "Condition",
          help: "CEL expression over `request`, `user`, `claims` and `mcp`, e.g. `\"gold\" in user.roles`.",
          variables: ["request", "user", "claims", "mcp"],
          returns: "bool",
          default: "true",
        }),
        limit: field.integer({ label: "Request limit", help: "Requests allowed per period.", default: 100, min: 1, max: 1_000_000_000 }),
        period: field.select({ label: "Time period", help: "The window the limit counts in.", values: THROTTLING_PERIODS, default: "minute", labels: periodLabels }),
      },
    }),
    defaultLimit: field.integer({
      label: "Default tier: request limit",
      help: "Requests allowed per period for callers no tier matches.",
      default: 60,
      min: 1,
      max: 1_000_000_000,
    }),
    defaultPeriod: field.select({
      label: "Default tier: time period",
      help: "The window the default limit counts in.",
      values: THROTTLING_PERIODS,
      default: "minute",
      labels: periodLabels,
    }),
    whenStoreUnavailable: field.select({
      label: "When Redis is unavailable",
      help:
        "With REDIS_URL set, counts are kept in Redis so that a limit holds across every gateway instance. When Redis cannot be reached, " +
        "either let requests through without counting them (fail open, the default; each such request is logged with a warning) or refuse " +
        "them with 503 and Retry-After until Redis is back (fail closed). Without REDIS_URL the counts are in the gateway's memory and this never happens.",
      values: STORE_OUTAGE_CHOICES,
      default: "allow",
      labels: { allow: "Let requests through (fail open)", refuse: "Refuse with 503 (fail closed)" },
    }),
  }).superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.tiers.forEach((tier, index) => {
      if (seen.has(tier.name)) ctx.addIssue({ code: "custom", path: ["tiers", index, "name"], message: `The tier name "${tier.name}" is used twice` });
      seen.add(tier.name);
    });
  }),
  compile: (config, { ruleId, ports }): ThrottleEvaluator => {
    // The limiter's name carries the limit, so editing a tier's limit starts a fresh count
    // while an unrelated edit of the policy keeps the current one.
    const limiter = (name: string, limit: number, period: ThrottlingPeriod) => ({
      name,
      limit,
      window: PERIOD_SECONDS[period],
      counter: ports.rateLimiter(`${ruleId}:${name}:${limit}/${period}`, limit, PERIOD_SECONDS[period]),
    });
    const tiers = config.tiers.map((tier) => ({ ...limiter(tier.name, tier.limit, tier.period), condition: compileCel(tier.condition, ["request", "user", "claims", "mcp"]) }));
    const fallback = limiter("default", config.defaultLimit, config.defaultPeriod);
    return {
      type: "throttle",
      async consume(state, identity) {
        const tier = tiers.find((candidate) => {
          const result = state.test(candidate.condition);
          return "value" in result && result.value;
        }) ?? fallback;
        const result = await tier.counter.consume(identity.id);
        if ("unavailable" in result) {
          if (config.whenStoreUnavailable === "allow") return { allowed: true, reason: `tier ${tier.name}: not counted, the counter store is unavailable (${result.unavailable}); let through (fail open)`, headers: {} };
          return {
            allowed: false,
            reason: `tier ${tier.name}: the counter store is unavailable (${result.unavailable}); refused (fail closed)`,
            headers: {},
            denial: deny("throttling_unavailable", "Request limits cannot be checked right now; retry shortly", { "retry-after": "1" }),
          };
        }
        // RateLimit-Policy and RateLimit as in draft-ietf-httpapi-ratelimit-headers.
        const headers = {
          "ratelimit-policy": `"${tier.name}";q=${tier.limit};w=${tier.window}`,
          "ratelimit": `"${tier.name}";r=${result.remaining};t=${result.resetSeconds}`,
        };
        if (result.allowed) return { allowed: true, reason: `tier ${tier.name}: ${result.remaining} of ${tier.limit} left`, headers };
        return {
          allowed: false,
          reason: `tier ${tier.name}: over ${tier.limit} requests per ${tier.window} s`,
          headers,
          denial: deny("rate_limited", `Too many requests: the limit is ${tier.limit} per ${tier.window} seconds; retry in ${result.resetSeconds} s`, {
            ...headers,
            "retry-after": String(result.resetSeconds),
          }),
        };
      },
    };
  },
});
