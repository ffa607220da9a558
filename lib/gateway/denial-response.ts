import { DENIALS, type Denial } from "../policy/denials";
import type { JsonRpcId } from "../policy/request-context";

/**
 * The one place where a denial becomes a response: for an MCP server a JSON-RPC error (MCP
 * clients read the body as JSON-RPC), for an API service problem details (RFC 9457). Status
 * and wording come from the denial table (lib/policy/denials.ts); refusals are never cached.
 */
export type DenialResponse = { status: number; headers: Record<string, string>; body: Buffer };

/** Problem type URIs of API service refusals: the same base as the REST API's own problems. */
const PROBLEM_TYPE_BASE = "https://gatehouse.dev/problems/";

export function jsonRpcDenialResponse(denial: Denial, id: JsonRpcId, extraHeaders: Record<string, string> = {}): DenialResponse {
  const { status, rpcCode } = DENIALS[denial.code];
  const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", id, error: { code: rpcCode, message: denial.message } }));
  return {
    status,
    headers: { ...extraHeaders, ...denial.headers, "content-type": "application/json", "content-length": String(body.length), "cache-control": "no-store" },
    body,
  };
}

export function problemDenialResponse(denial: Denial, extraHeaders: Record<string, string> = {}): DenialResponse {
  const { status, title } = DENIALS[denial.code];
  const body = Buffer.from(JSON.stringify({ type: `${PROBLEM_TYPE_BASE}${denial.code}`, title, status, detail: denial.message }));
  return {
    status,
    headers: { ...extraHeaders, ...denial.headers, "content-type": "application/problem+json", "content-length": String(body.length), "cache-control": "no-store" },
    body,
  };
}
