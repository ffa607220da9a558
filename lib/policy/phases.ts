import type { Phase, RuleEvaluator } from "./types";

/**
 * The fixed order in which a request meets the rules, whatever their order in the policy:
 *
 * 1. cors: a browser's Origin is checked (and preflights answered) before anything else,
 *    because the MCP transport requires Origin validation against DNS rebinding and a
 *    preflight carries no credentials to authenticate.
 * 2. validate: IP restriction and request size, before the body is read, so that refused
 *    callers and oversized bodies cost nothing.
 * 3. authenticate: authenticators are tried in the policy's order; the first that accepts
 *    the caller's credential decides who the caller is.
 * 4. authorize: needs the identity.
 * 5. shape: throttling counts only requests that would otherwise be served, per identity;
 *    then the Response Cache, so that a cached answer is counted like any other and is
 *    given only to a caller who may have it.
 * 6. transform: what is done instead of forwarding (a redirect) or to the request on its way
 *    upstream (headers, the upstream's own credentials, retries) and to the answer on its way
 *    back (response headers). Nothing here can refuse a caller: that was decided above.
 *
 * Within a phase the policy's order counts.
 */
export const PHASE_ORDER: readonly Phase[] = ["cors", "validate", "authenticate", "authorize", "shape", "transform"];

/** The phases that run before the gateway reads the request body; their conditions see no `mcp`. */
export const PHASES_BEFORE_BODY: readonly Phase[] = ["cors", "validate"];

export const EVALUATOR_PHASE: Record<RuleEvaluator["type"], Phase> = {
  cors: "cors",
  address: "validate",
  "body-limit": "validate",
  authenticator: "authenticate",
  authorizer: "authorize",
  throttle: "shape",
  "response-cache": "shape",
  redirect: "transform",
  "request-headers": "transform",
  "response-headers": "transform",
  "outbound-credential": "transform",
  retry: "transform",
};
