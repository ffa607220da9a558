import { createHash } from "node:crypto";
import { z } from "zod";
import { deltaSeconds, parseCacheControl } from "../cache-control";
import { field } from "../fields";
import { defineRule, type ResponseCacheEvaluator } from "../types";
import { headerName } from "./shared-fields";

/** Responses above this size are never kept, whatever a rule says: the cache lives in the gateway's memory. */
export const MAX_CACHED_BODY_BYTES = 16 * 1024 * 1024;

/** Response directives after which a stored response would be served to someone it was not meant for, or stale. */
const UNCACHEABLE_RESPONSE_DIRECTIVES = ["no-store", "private", "no-cache"] as const;

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
    ttlSeconds: field.integer({
      label: "TTL",
      help: "How long a response stays in the cache. A shorter s-maxage or max-age from the upstream wins; responses with Cache-Control no-store, private or no-cache are never stored.",
      default: 60,
      min: 1,
      max: 86400,
      unit: "seconds",
    }),
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
    maxBodyBytes: field.integer({
      label: "Largest response",
      help: "Responses with a larger body are passed on but not stored. Cached bodies are kept in the gateway's memory (64 MiB in all, least recently used first out).",
      default: 1_048_576,
      min: 1,
      max: MAX_CACHED_BODY_BYTES,
      unit: "bytes",
    }),
  }),
  compile: (config): ResponseCacheEvaluator => {
    const keyHeaders = config.keyHeaders.map((name) => name.toLowerCase());
    const keyParameters = config.keyQueryParameters;
    return {
      type: "response-cache",
      ttlSeconds: config.ttlSeconds,
      maxBodyBytes: config.maxBodyBytes,
      key(request, identity, forwardedAuthorization) {
        if (request.method !== "GET" && request.method !== "HEAD") return null;
        const query =
          keyParameters.length > 0
            ? keyParameters.map((name) => [name, request.query.getAll(name)])
            : // Parameter order carries no meaning for a cache: a=1&b=2 and b=2&a=1 are one entry.
              [...request.query].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        const headers = keyHeaders.map((name) => request.header(name) ?? null);
        // The authenticating rule is part of the caller: "alice" of an API key is not "alice" of a token.
        // So is an Authorization header the upstream gets: behind an anonymous policy, everyone at one
        // address is one identity to the gateway but not to the upstream (RFC 9111 §3.5). Hashed:
        // the cache's keys outlive the request and should not hold credentials.
        const authorization = forwardedAuthorization === undefined ? null : createHash("sha256").update(forwardedAuthorization).digest("base64url");
        const caller = config.public ? null : [identity.ruleId, identity.id, authorization];
        return JSON.stringify([request.method, request.path, query, headers, caller]);
      },
      requestDirective(header) {
        const directives = parseCacheControl(header("cache-control"));
        if (directives.has("no-store")) return "skip";
        if (directives.has("no-cache") || deltaSeconds(directives.get("max-age")) === 0) return "refresh";
        // Pragma counts only without Cache-Control (RFC 9111 §5.4).
        if (directives.size === 0 && /(^|,)\s*no-cache\s*(,|$)/i.test(header("pragma") ?? "")) return "refresh";
        return "use";
      },
      storable(status, header) {
        if (status !== 200) return { refused: `status ${status} is not cached` };
        const directives = parseCacheControl(header("cache-control"));
        const forbidding = UNCACHEABLE_RESPONSE_DIRECTIVES.find((name) => directives.has(name));
        if (forbidding) return { refused: `the upstream said Cache-Control: ${forbidding}` };
        if ((header("vary") ?? "").split(",").some((name) => name.trim() === "*")) return { refused: "the upstream said Vary: *" };
        if ((header("content-type") ?? "").startsWith("text/event-stream")) return { refused: "an event stream is not cached" };
        // s-maxage is for shared caches such as this one, and overrides max-age (RFC 9111 §5.2.2.10).
        const upstreamMaxAge = deltaSeconds(directives.get("s-maxage")) ?? deltaSeconds(directives.get("max-age"));
        const ttlSeconds = upstreamMaxAge === null ? config.ttlSeconds : Math.min(config.ttlSeconds, upstreamMaxAge);
        if (ttlSeconds <= 0) return { refused: "the upstream said it is stale at once (max-age=0)" };
        return { ttlSeconds };
      },
    };
  },
});
