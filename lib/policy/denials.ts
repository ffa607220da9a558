/**
 * Every way the engine or the gateway can refuse a request, with its HTTP status, the
 * JSON-RPC error code of an MCP server's answer and the title of an API service's problem
 * details (RFC 9457), in one table (DESIGN.md §3.5). JSON-RPC 2.0 reserves -32000…-32099 for
 * implementation-defined server errors; -32600 is "Invalid Request" and -32020 is what the
 * MCP transport uses for Mcp-Method/Mcp-Name headers that disagree with the body.
 */
export const DENIALS = {
  parse_error: { status: 400, rpcCode: -32700, title: "Parse error" },
  invalid_request: { status: 400, rpcCode: -32600, title: "Invalid request" },
  header_mismatch: { status: 400, rpcCode: -32020, title: "Header mismatch" },
  unauthenticated: { status: 401, rpcCode: -32001, title: "Authentication required" },
  invalid_credentials: { status: 401, rpcCode: -32001, title: "Invalid credentials" },
  forbidden: { status: 403, rpcCode: -32003, title: "Forbidden" },
  insufficient_scope: { status: 403, rpcCode: -32003, title: "Insufficient scope" },
  origin_not_allowed: { status: 403, rpcCode: -32003, title: "Origin not allowed" },
  address_not_allowed: { status: 403, rpcCode: -32003, title: "Address not allowed" },
  server_not_found: { status: 404, rpcCode: -32004, title: "MCP server not found" },
  service_not_found: { status: 404, rpcCode: -32004, title: "API service not found" },
  method_not_allowed: { status: 405, rpcCode: -32005, title: "Method not allowed" },
  payload_too_large: { status: 413, rpcCode: -32013, title: "Payload too large" },
  unsupported_media_type: { status: 415, rpcCode: -32015, title: "Unsupported media type" },
  rate_limited: { status: 429, rpcCode: -32029, title: "Too many requests" },
  internal_error: { status: 500, rpcCode: -32603, title: "Internal error" },
  upstream_unavailable: { status: 502, rpcCode: -32002, title: "Upstream unavailable" },
  server_disabled: { status: 503, rpcCode: -32006, title: "MCP server disabled" },
  service_disabled: { status: 503, rpcCode: -32006, title: "API service disabled" },
  throttling_unavailable: { status: 503, rpcCode: -32008, title: "Request limits unavailable" },
  authorization_unavailable: { status: 503, rpcCode: -32009, title: "Authorization server unavailable" },
  upstream_timeout: { status: 504, rpcCode: -32007, title: "Upstream timeout" },
} as const satisfies Record<string, { status: number; rpcCode: number; title: string }>;

export type DenialCode = keyof typeof DENIALS;

/** A refusal as a value: the engine returns these, it never throws them. */
export type Denial = { code: DenialCode; message: string; headers?: Record<string, string> };

export function deny(code: DenialCode, message: string, headers?: Record<string, string>): Denial {
  return headers ? { code, message, headers } : { code, message };
}
