import { z } from "zod";
import { field } from "../fields";
import { defineRule, type BodyLimitEvaluator } from "../types";

export const requestSizeLimit = defineRule({
  kind: "request-size-limit",
  label: "Request Size Limit",
  summary: "Refuses request bodies larger than a limit with 413, before they reach the MCP server.",
  category: "Shape",
  phase: "validate",
  mcp: { compatible: true },
  configSchema: z.object({
    maxBytes: field.integer({
      label: "Max request size",
      help: "The largest request body accepted, in bytes. A larger Content-Length is refused before the body is read; a chunked body is counted while it streams and cut at the limit.",
      default: 10_000_000,
      min: 1,
      max: 1_000_000_000,
      unit: "bytes",
    }),
  }),
  compile: (config): BodyLimitEvaluator => ({ type: "body-limit", maxBytes: config.maxBytes }),
});
