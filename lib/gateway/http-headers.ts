import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";

/**
 * Which headers cross the gateway. Hop-by-hop headers (RFC 9110 §7.6.1) belong to one
 * connection and never cross; the caller's credentials and cookies never reach the upstream
 * (no token passthrough, MCP authorization spec); forwarding headers are written by the
 * gateway itself, never copied from the caller.
 */
const HOP_BY_HOP = ["connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade"];

const NEVER_UPSTREAM = new Set([
  ...HOP_BY_HOP,
  "host",
  "content-length",
  "cookie",
  "accept-encoding",
  "forwarded",
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
  "x-real-ip",
  "x-gatehouse-client-address",
  // Fetch metadata and CORS request headers describe the browser's request to the gateway.
  "origin",
  "referer",
  "access-control-request-method",
  "access-control-request-headers",
]);

const NEVER_DOWNSTREAM = new Set([...HOP_BY_HOP, "set-cookie"]);

export function upstreamHeaders(
  incoming: IncomingHttpHeaders,
  options: {
    strip: ReadonlySet<string>;
    set: Record<string, string>;
    clientAddress: string;
    protocol: string;
    host: string | undefined;
    contentLength: number | null;
  },
): Record<string, string> {
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
  // The body passes unchanged, so the upstream must not compress what the gateway may have to read.
  headers["accept-encoding"] = "identity";
  headers["x-forwarded-for"] = options.clientAddress;
  headers["x-forwarded-proto"] = options.protocol;
  if (options.host) headers["x-forwarded-host"] = options.host;
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
