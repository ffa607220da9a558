import { z } from "zod";
import { field } from "../fields";
import { defineRule } from "../types";

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
    backoffMs: field.integer({ label: "Backoff", help: "Wait before the first retry.", default: 200, min: 0, max: 60_000, unit: "ms" }),
    backoff: field.select({
      label: "Backoff strategy",
      help: "Fixed waits the same each time; exponential doubles the wait after every retry.",
      values: ["fixed", "exponential"],
      default: "exponential",
    }),
    statuses: field.tags({
      label: "Retry on statuses",
      help: "Upstream response statuses that cause a retry; a refused or reset connection always does.",
      default: ["502", "503", "504"],
      addLabel: "Add status",
      item: (value) => (/^[45]\d\d$/.test(value) ? null : `"${value}" is not a 4xx or 5xx status`),
    }),
    methods: field.multiselect({
      label: "Methods",
      help: "Methods that may be retried. By default only idempotent ones.",
      warning: "Retrying POST or PATCH can apply a change twice.",
      values: RETRY_METHODS,
      default: ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"],
    }),
  }),
});
