/**
 * Every way the engine or the gateway can refuse a request, with its HTTP status and the
 * JSON-RPC error code of the body, in one table (DESIGN.md §3.5). JSON-RPC 2.0 reserves
 * -32000…-32099 for implementation-defined server errors; -32600 is "Invalid Request" and
 * -32020 is what the MCP transport uses for Mcp-Method/Mcp-Name headers that disagree with
 * the body.
 */
export const DENIALS = {
  parse_error: { status: 400, rpcCode: -32700 },
  invalid_request: { status: 400, rpcCode: -32600 },
  header_mismatch: { status: 400, rpcCode: -32020 },
  unauthenticated: { status: 401, rpcCode: -32001 },
  invalid_credentials: { status: 401, rpcCode: -32001 },
  forbidden: { status: 403, rpcCode: -32003 },
  insufficient_scope: { status: 403, rpcCode: -32003 },
  origin_not_allowed: { status: 403, rpcCode: -32003 },
  address_not_allowed: { status: 403, rpcCode: -32003 },
  server_not_found: { status: 404, rpcCode: -32004 },
  method_not_allowed: { status: 405, rpcCode: -32005 },
  payload_too_large: { status: 413, rpcCode: -32013 },
  unsupported_media_type: { status: 415, rpcCode: -32015 },
  rate_limited: { status: 429, rpcCode: -32029 },
  internal_error: { status: 500, rpcCode: -32603 },
  upstream_unavailable: { status: 502, rpcCode: -32002 },
  server_disabled: { status: 503, rpcCode: -32006 },
  upstream_timeout: { status: 504, rpcCode: -32007 },
} as const satisfies Record<string, { status: number; rpcCode: number }>;

export type DenialCode = keyof typeof DENIALS;

/** A refusal as a value: the engine returns these, it never throws them. */
export type Denial = { code: DenialCode; message: string; headers?: Record<string, string> };

export function deny(code: DenialCode, message: string, headers?: Record<string, string>): Denial {
  return headers ? { code, message, headers } : { code, message };
}
