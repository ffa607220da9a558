import { z } from "zod";
import { field } from "../fields";
import { defineRule } from "../types";
import { headerName } from "./shared-fields";

export const responseCache = defineRule({
  kind: "response-cache",
  label: "Response Cache",
  summary: "Serves repeated GET and HEAD requests from a cache for a time, with X-Cache: HIT or MISS.",
  category: "Shape",
  phase: "shape",
  mcp: {
    compatible: false,
    reason: "MCP calls are POSTed JSON-RPC messages tied to a session; a cached response would answer a different call or session.",
  },
  configSchema: z.object({
    ttlSeconds: field.integer({ label: "TTL", help: "How long a response stays in the cache.", default: 60, min: 1, max: 86400, unit: "seconds" }),
    keyHeaders: field.tags({
      label: "Key headers",
      help: "Request headers whose values are part of the cache key, besides method, path and query.",
      default: [],
      addLabel: "Add header",
      caseInsensitive: true,
      item: headerName,
    }),
    keyQueryParameters: field.tags({
      label: "Key query parameters",
      help: "Query parameters that are part of the cache key. Leave empty to use the whole query string.",
      default: [],
      addLabel: "Add parameter",
    }),
    public: field.boolean({
      label: "Shared between callers",
      help: "Serve one cached response to every caller. Off: each caller has its own cache entries.",
      warning: "Only for responses that carry nothing specific to the caller.",
      default: false,
    }),
  }),
});
