import { z } from "zod";
import { field } from "../fields";
import type { RuleDefinition } from "../types";

export const THROTTLING_PERIODS = ["second", "minute", "hour", "day"] as const;
export type ThrottlingPeriod = (typeof THROTTLING_PERIODS)[number];

export const PERIOD_SECONDS: Record<ThrottlingPeriod, number> = { second: 1, minute: 60, hour: 3600, day: 86400 };

const periodLabels = { second: "per second", minute: "per minute", hour: "per hour", day: "per day" } as const;

export const clientThrottling = {
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
  }).superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.tiers.forEach((tier, index) => {
      if (seen.has(tier.name)) ctx.addIssue({ code: "custom", path: ["tiers", index, "name"], message: `The tier name "${tier.name}" is used twice` });
      seen.add(tier.name);
    });
  }),
} satisfies RuleDefinition;
