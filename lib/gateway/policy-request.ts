import type { CompiledPolicy } from "../policy/compile";
import { evaluateBeforeBody, type BeforeBodyResult } from "../policy/evaluate";
import type { EvaluationState } from "../policy/evaluation-state";
import { parseIp } from "../policy/ip-range";
import { NO_MCP_CALL, type PolicyRequest } from "../policy/request-context";
import type { GatewayRequest } from "./gateway-request";
import { headerValue } from "./http-headers";

/**
 * The engine's view of a gateway request (lib/policy reads this, never the framework's
 * request): built once per request, headers turned into a record only when an expression
 * reads them.
 *
 * `path` is what `request.path` means to the policy: /mcp/<slug> for an MCP server, the path
 * after the service prefix for an API service. `resourcePath` is the route's own path, whose
 * URL is the OAuth protected resource (RFC 9728) and the default token audience (RFC 8707).
 */
export function policyRequest(request: GatewayRequest, options: { path: string; query: URLSearchParams; resourcePath: string }): PolicyRequest {
  let all: Record<string, string> | undefined;
  return {
    method: request.method,
    path: options.path,
    header: (name) => headerValue(request.headers, name),
    headers: () => {
      all ??= Object.fromEntries(Object.keys(request.headers).map((name) => [name, headerValue(request.headers, name) ?? ""]));
      return all;
    },
    query: options.query,
    ip: request.clientAddress,
    mcp: NO_MCP_CALL,
    batch: null,
    // RFC 9728 §3.1: the metadata URL inserts the well-known segment before the resource's path.
    resource: { url: `${request.selfOrigin}${options.resourcePath}`, metadataUrl: `${request.selfOrigin}/.well-known/oauth-protected-resource${options.resourcePath}` },
  };
}

/** The phases before the body (CORS, IP restriction, body limit) for a gateway request. */
export function evaluateRequestBeforeBody(policy: CompiledPolicy, state: EvaluationState, request: GatewayRequest): BeforeBodyResult {
  const origin = headerValue(request.headers, "origin") ?? null;
  const preflightMethod = request.method === "OPTIONS" ? headerValue(request.headers, "access-control-request-method") : undefined;
  return evaluateBeforeBody(policy, state, {
    origin,
    ownOrigin: request.ownOrigin,
    preflight:
      origin && preflightMethod
        ? { method: preflightMethod, headers: (headerValue(request.headers, "access-control-request-headers") ?? "").split(",").map((h) => h.trim()).filter(Boolean) }
        : null,
    ip: () => parseIp(request.clientAddress),
  });
}
