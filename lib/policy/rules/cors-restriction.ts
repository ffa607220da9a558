import { z } from "zod";
import { field } from "../fields";
import { defineRule, type CorsEvaluator } from "../types";
import { headerName } from "./shared-fields";

export const CORS_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

/**
 * An allowed origin: `*`, an exact origin (scheme://host[:port], no path), or a wildcard
 * subdomain pattern such as `https://*.example.com` (matches one or more labels).
 */
export function originPattern(value: string): string | null {
  if (value === "*") return null;
  const wildcard = value.match(/^(https?):\/\/\*\.([^/*]+)$/);
  const candidate = wildcard ? `${wildcard[1]}://${wildcard[2]}` : value;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return `"${value}" is not an origin: use scheme://host[:port], * or https://*.example.com`;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `"${value}" must start with http:// or https://`;
  if (url.username || url.password || url.pathname !== "/" || url.search || url.hash || candidate.endsWith("/")) {
    return `"${value}" is not an origin: leave out any path, query, trailing slash or credentials`;
  }
  // The URL parser accepts "*" anywhere in a host; only the leading "*." above is a pattern,
  // and any other "*" would be compared literally and never match a browser's Origin.
  if (url.hostname.includes("*")) return `"${value}" is not an origin: a wildcard may only lead the host, as in https://*.example.com`;
  return null;
}

export const corsRestriction = defineRule({
  kind: "cors-restriction",
  label: "CORS Restriction",
  summary: "Lets browser-based MCP clients from the listed origins call the server, answers their preflights, and refuses every other origin (DNS-rebinding protection).",
  category: "Validate",
  phase: "cors",
  mcp: { compatible: true },
  configSchema: z
    .object({
      allowedOrigins: field.tags({
        label: "Allowed origins",
        help: "Origins whose browser pages may call this server: an exact origin (https://app.example.com), a wildcard subdomain (https://*.example.com) or * for any origin. Requests from other origins are refused with 403.",
        default: [],
        min: 1,
        addLabel: "Add origin",
        item: originPattern,
      }),
      allowedMethods: field.multiselect({
        label: "Allowed methods",
        help: "Methods a browser may use. MCP Streamable HTTP needs POST, GET and DELETE.",
        values: CORS_METHODS,
        default: [...CORS_METHODS],
      }),
      allowedHeaders: field.tags({
        label: "Allowed request headers",
        help: "Request headers a browser may send. Leave empty to allow the headers the preflight asks for.",
        default: [],
        addLabel: "Add header",
        caseInsensitive: true,
        item: headerName,
      }),
      exposedHeaders: field.tags({
        label: "Exposed headers",
        help: "Response headers the browser's script may read; MCP clients need Mcp-Session-Id and MCP-Protocol-Version, and WWW-Authenticate to start OAuth.",
        default: ["Mcp-Session-Id", "MCP-Protocol-Version", "WWW-Authenticate"],
        addLabel: "Add header",
        caseInsensitive: true,
        item: headerName,
      }),
      maxAge: field.integer({
        label: "Max age",
        help: "How long a browser may cache a preflight answer.",
        default: 300,
        min: 0,
        max: 86400,
        unit: "seconds",
      }),
      allowCredentials: field.boolean({
        label: "Allow credentials",
        help: "Lets the browser send cookies and HTTP authentication with cross-origin requests. Cannot be combined with the * origin.",
        default: false,
      }),
    })
    .superRefine((config, ctx) => {
      if (config.allowCredentials && config.allowedOrigins.includes("*")) {
        ctx.addIssue({
          code: "custom",
          path: ["allowCredentials"],
          message: "Credentials cannot be allowed for every origin (*): list the origins instead (Fetch standard, CORS protocol)",
        });
      }
    }),
  compile: (config): CorsEvaluator => {
    const anyOrigin = config.allowedOrigins.includes("*");
    const exact = new Set(config.allowedOrigins.filter((origin) => origin !== "*" && !origin.includes("*")).map((origin) => new URL(origin).origin));
    const wildcards = config.allowedOrigins
      .filter((origin) => origin.includes("*."))
      .map((pattern) => {
        const base = new URL(pattern.replace("*.", ""));
        return { protocol: base.protocol, port: base.port, suffix: `.${base.hostname}` };
      });
    const methods = new Set<string>(config.allowedMethods);
    const allowedHeaders = new Set(config.allowedHeaders.map((header) => header.toLowerCase()));
    // Headers a browser may always send (Fetch standard, CORS-safelisted request headers).
    const safelisted = new Set(["accept", "accept-language", "content-language"]);

    function allowsOrigin(origin: string): boolean {
      if (anyOrigin) return true;
      let url: URL;
      try {
        url = new URL(origin);
      } catch {
        return false;
      }
      if (exact.has(url.origin)) return true;
      return wildcards.some((w) => url.protocol === w.protocol && url.port === w.port && url.hostname.endsWith(w.suffix) && url.hostname.length > w.suffix.length);
    }

    // "*" is only sent when no credentials are involved (Fetch standard, CORS protocol).
    const allowOriginValue = (origin: string) => (anyOrigin && !config.allowCredentials ? "*" : origin);
    const credentials: Record<string, string> = config.allowCredentials ? { "access-control-allow-credentials": "true" } : {};

    return {
      type: "cors",
      allowsOrigin,
      preflight(origin, method, requestHeaders) {
        if (!allowsOrigin(origin)) return { refused: `origin ${origin} is not allowed` };
        if (!methods.has(method.toUpperCase())) return { refused: `method ${method} is not allowed` };
        const requested = requestHeaders.map((header) => header.toLowerCase());
        const refused = allowedHeaders.size ? requested.filter((header) => !allowedHeaders.has(header) && !safelisted.has(header)) : [];
        if (refused.length) return { refused: `request header ${refused.join(", ")} is not allowed` };
        return {
          headers: {
            "access-control-allow-origin": allowOriginValue(origin),
            "access-control-allow-methods": [...methods].join(", "),
            ...(requested.length ? { "access-control-allow-headers": (allowedHeaders.size ? config.allowedHeaders : requested).join(", ") } : {}),
            "access-control-max-age": String(config.maxAge),
            ...credentials,
            vary: "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
          },
        };
      },
      responseHeaders: (origin) => ({
        "access-control-allow-origin": allowOriginValue(origin),
        ...(config.exposedHeaders.length ? { "access-control-expose-headers": config.exposedHeaders.join(", ") } : {}),
        ...credentials,
        vary: "Origin",
      }),
    };
  },
});
