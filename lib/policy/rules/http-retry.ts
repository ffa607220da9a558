import { z } from "zod";
import { field } from "../fields";
import { defineRule, type RetryEvaluator } from "../types";

/** No single wait is longer than this, whatever the backoff doubles to. */
export const MAX_RETRY_DELAY_MS = 60_000;

const RETRY_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "POST", "PATCH"] as const;

export const httpRetry = defineRule({
  kind: "http-retry",
  label: "HTTP Retry",
  summary: "Retries a failed upstream request a number of times with a backoff.",
  category: "Outbound",
  phase: "transform",
  mcp: {
    compatible: false,
    reason: "Retrying a JSON-RPC call can run a tool twice, and an SSE stream cannot be replayed once it has started.",
  },
  configSchema: z.object({
    attempts: field.integer({ label: "Attempts", help: "Total tries, including the first.", default: 3, min: 2, max: 10 }),
    backoffMs: field.integer({ label: "Backoff", help: "Wait before the first retry. No wait is longer than 60 seconds.", default: 200, min: 0, max: MAX_RETRY_DELAY_MS, unit: "ms" }),
    backoff: field.select({
      label: "Backoff strategy",
      help: "Fixed waits the same each time; exponential doubles the wait after every retry.",
      values: ["fixed", "exponential"],
      default: "exponential",
    }),
    statuses: field.tags({
      label: "Retry on statuses",
      help: "Upstream response statuses that cause a retry; a refused or reset connection always does. The last attempt's answer is the one the caller gets.",
      default: ["502", "503", "504"],
      addLabel: "Add status",
      item: (value) => (/^[45]\d\d$/.test(value) ? null : `"${value}" is not a 4xx or 5xx status`),
    }),
    methods: field.multiselect({
      label: "Methods",
      help: "Methods that may be retried. By default only idempotent ones. A request whose body is larger than 1 MiB is never retried: the gateway streams it instead of keeping a copy.",
      warning: "Retrying POST or PATCH can apply a change twice.",
      values: RETRY_METHODS,
      default: ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"],
    }),
  }),
  compile: (config): RetryEvaluator => {
    const statuses = new Set(config.statuses.map(Number));
    const methods = new Set<string>(config.methods);
    return {
      type: "retry",
      attempts: config.attempts,
      retriesMethod: (method) => methods.has(method),
      retriesStatus: (status) => statuses.has(status),
      delayMs: (retry) => Math.min(MAX_RETRY_DELAY_MS, config.backoff === "fixed" ? config.backoffMs : config.backoffMs * 2 ** (retry - 1)),
    };
  },
});
