import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";
import type { Readable } from "node:stream";
import type { CancellationSignal } from "./client-signal";

/**
 * A request as the gateway cores see it, whatever served it (node:http or a Next route
 * handler), and their answer. Shared by the MCP gateway (/mcp/<slug>) and the API gateway
 * (/apis/<slug>/…).
 */
export type GatewayRequest = {
  method: string;
  /** Path and query as received, e.g. /mcp/weather?x=1. */
  url: string;
  headers: IncomingHttpHeaders;
  /** The client address, already resolved against trusted proxies (client-address.ts). */
  clientAddress: string;
  /** How the client reached the gateway (TLS, or a trusted proxy's word for it). */
  protocol: "http" | "https";
  /** Where the gateway says it lives, for the URLs it publishes (self-origin.ts). */
  selfOrigin: string;
  /** The Origin of the gateway's own pages, when it can be known safely (self-origin.ts); may be null without an Origin header. */
  ownOrigin: string | null;
  body: Readable | null;
  /** Aborted when the client goes away: the upstream request is cancelled with it. */
  signal: CancellationSignal;
};

export type GatewayResponse = {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer | Readable | null;
  /** Set when the request body was not read to its end: the connection must not be reused. */
  closeConnection?: boolean;
};

/** What node-handler.ts and web-handler.ts serve: either gateway core. */
export interface GatewayCore {
  handle(request: GatewayRequest): Promise<GatewayResponse>;
  /** The answer when `handle` failed with a bug: generic, in the core's own format. */
  internalError(): GatewayResponse;
}

/** Splits a request target into its path and its query. */
export function splitUrl(url: string): { path: string; query: URLSearchParams } {
  const questionMark = url.indexOf("?");
  return questionMark === -1 ? { path: url, query: new URLSearchParams() } : { path: url.slice(0, questionMark), query: new URLSearchParams(url.slice(questionMark + 1)) };
}

/** A percent-decoded path segment (a slug), or null when it is not valid percent-encoding. */
export function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
