import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";
import { FORWARDING_HEADERS, HOP_BY_HOP_HEADERS } from "../policy/http-header-names";
import type { RequestHeadersEvaluator } from "../policy/types";

/**
 * Which headers cross the gateway. Hop-by-hop headers (RFC 9110 §7.6.1) belong to one
 * connection and never cross; the caller's credentials and cookies never reach the upstream
 * (no token passthrough, MCP authorization spec); forwarding headers are written by the
 * gateway itself, never copied from the caller. Cookies do not cross in either direction:
 * the gateway shares its origin with the console, whose session lives in a cookie.
 */
const NEVER_UPSTREAM = new Set([
  ...HOP_BY_HOP_HEADERS,
  ...FORWARDING_HEADERS,
  "host",
  "content-length",
  // The gateway answered the caller's 100-continue itself; undici refuses to send it on.
  "expect",
  "cookie",
  "accept-encoding",
  // Fetch metadata and CORS request headers describe the browser's request to the gateway.
  "origin",
  "referer",
  "access-control-request-method",
  "access-control-request-headers",
]);

const NEVER_DOWNSTREAM = new Set([...HOP_BY_HOP_HEADERS, "set-cookie"]);

export type UpstreamHeaderOptions = {
  strip: ReadonlySet<string>;
  set: Record<string, string>;
  clientAddress: string;
  protocol: string;
  host: string | undefined;
  contentLength: number | null;
  /** Request Transformer rules that apply, in order. */
  transforms?: RequestHeadersEvaluator[];
  /** The gateway path the upstream is mounted at (X-Forwarded-Prefix), for API services. */
  prefix?: string;
  /**
   * "identity" asks the upstream not to compress, for bodies the gateway reads (MCP: tools/list
   * filtering). "caller" passes on the caller's own Accept-Encoding, for bodies it only relays.
   */
  acceptEncoding?: "identity" | "caller";
};

export function upstreamHeaders(incoming: IncomingHttpHeaders, options: UpstreamHeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  // A Connection header may name further hop-by-hop headers (RFC 9110 §7.6.1).
  const connection = typeof incoming.connection === "string" ? incoming.connection.toLowerCase() : "";
  const connectionNamed = connection === "" || connection === "keep-alive" || connection === "close" ? null : new Set(connection.split(",").map((name) => name.trim()));
  for (const name in incoming) {
    const value = incoming[name];
    if (value === undefined || NEVER_UPSTREAM.has(name) || options.strip.has(name) || connectionNamed?.has(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  for (const name in options.set) headers[name] = options.set[name]!;
  if (options.transforms) for (const transform of options.transforms) transform.apply(headers);
  const acceptEncoding = options.acceptEncoding === "caller" ? headerValue(incoming, "accept-encoding") : "identity";
  if (acceptEncoding !== undefined) headers["accept-encoding"] = acceptEncoding;
  headers["x-forwarded-for"] = options.clientAddress;
  headers["x-forwarded-proto"] = options.protocol;
  if (options.host) headers["x-forwarded-host"] = options.host;
  if (options.prefix) headers["x-forwarded-prefix"] = options.prefix;
  if (options.contentLength !== null) headers["content-length"] = String(options.contentLength);
  return headers;
}

export function downstreamHeaders(upstream: IncomingHttpHeaders, options: { dropContentLength: boolean }): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(upstream)) {
    if (value === undefined || NEVER_DOWNSTREAM.has(name)) continue;
    if (options.dropContentLength && name === "content-length") continue;
    headers[name] = value;
  }
  return headers;
}

/** The first value of a header, as a string. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}
