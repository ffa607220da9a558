import type { CompiledPolicy, CompiledRule } from "./compile";
import { deny, type Denial } from "./denials";
import type { EvaluationState } from "./evaluation-state";
import type { ParsedIp } from "./ip-range";
import type { Identity, McpCall } from "./request-context";
import type {
  OutboundCredentialEvaluator,
  RedirectEvaluator,
  RequestHeadersEvaluator,
  ResponseCacheEvaluator,
  ResponseHeadersEvaluator,
  RetryEvaluator,
  RuleEvaluator,
} from "./types";

/**
 * Evaluating a compiled policy against one request, phase by phase (phases.ts). Denials are
 * values; every rule leaves a line in the state's trace.
 */

/** What the engine knows before the body is read: the browser's origin, the client address. */
export type BeforeBodyInput = {
  origin: string | null;
  /** The gateway's own origin, when known safely: a page served by Gatehouse itself is not cross-origin. */
  ownOrigin: string | null;
  /** Set for a CORS preflight (OPTIONS with Access-Control-Request-Method). */
  preflight: { method: string; headers: string[] } | null;
  /** The client address, parsed only when an IP rule needs it. */
  ip: () => ParsedIp | null;
};

export type BeforeBodyResult =
  | { kind: "preflight"; headers: Record<string, string> }
  | { kind: "deny"; denial: Denial }
  | { kind: "continue"; responseHeaders: Record<string, string>; maxBodyBytes: number | null };

/**
 * The rules of the shape and transform phases that apply to this request (their conditions
 * held): a cache, a redirect, header transforms, the upstream's credential, retries. Of the
 * cache, the redirect, the credential and the retry the first applicable rule counts; every
 * applicable header transform applies, in the policy's order.
 */
export type Transforms = {
  cache: CompiledRule<ResponseCacheEvaluator> | null;
  redirect: RedirectEvaluator | null;
  requestHeaders: RequestHeadersEvaluator[];
  responseHeaders: ResponseHeadersEvaluator[];
  credential: CompiledRule<OutboundCredentialEvaluator> | null;
  retry: RetryEvaluator | null;
};

/** For the (many) policies without such rules: shared, so such requests build nothing. */
export const NO_TRANSFORMS: Transforms = Object.freeze({ cache: null, redirect: null, requestHeaders: [], responseHeaders: [], credential: null, retry: null });

/**
 * What the upstream request gets: headers from claims and the caller's token (authenticator),
 * and the transforms.
 */
export type UpstreamInstructions = { setHeaders: Record<string, string>; keepAuthorization: boolean; transforms: Transforms };

export type Decision =
  | { allow: true; identity: Identity; responseHeaders: Record<string, string>; upstream: UpstreamInstructions }
  | { allow: false; denial: Denial; responseHeaders: Record<string, string> };

/** Whether a rule applies: disabled rules were left out at compile; a false condition skips it. */
function applies(rule: CompiledRule<RuleEvaluator>, state: EvaluationState, mcp?: McpCall): boolean {
  if (!rule.when) return true;
  const result = state.test(rule.when, mcp);
  if ("error" in result) {
    // A condition that cannot be evaluated applies the rule: a restriction must not fall away
    // because, say, a header it looks at is missing.
    state.record(rule.id, rule.kind, "passed", `condition failed (${result.error}); rule applied`);
    return true;
  }
  if (!result.value) state.record(rule.id, rule.kind, "skipped", "condition is false");
  return result.value;
}

export function evaluateBeforeBody(policy: CompiledPolicy, state: EvaluationState, input: BeforeBodyInput): BeforeBodyResult {
  for (const rule of policy.disabled) state.record(rule.id, rule.kind, "disabled");
  let responseHeaders: Record<string, string> = {};

  const cors = policy.cors.filter((rule) => applies(rule, state));
  if (input.origin !== null && input.origin !== input.ownOrigin) {
    if (cors.length === 0) {
      return { kind: "deny", denial: deny("origin_not_allowed", `Requests from origin ${input.origin} are not allowed`) };
    }
    if (input.preflight) {
      const reasons: string[] = [];
      for (const rule of cors) {
        const answer = rule.evaluator.preflight(input.origin, input.preflight.method, input.preflight.headers);
        if ("headers" in answer) {
          state.record(rule.id, rule.kind, "allowed", `preflight from ${input.origin}`);
          return { kind: "preflight", headers: answer.headers };
        }
        state.record(rule.id, rule.kind, "denied", answer.refused);
        reasons.push(answer.refused);
      }
      return { kind: "deny", denial: deny("origin_not_allowed", `CORS preflight refused: ${reasons[0]}`) };
    }
    const allowing = cors.find((rule) => rule.evaluator.allowsOrigin(input.origin!));
    if (!allowing) {
      for (const rule of cors) state.record(rule.id, rule.kind, "denied", `origin ${input.origin} is not allowed`);
      return { kind: "deny", denial: deny("origin_not_allowed", `Requests from origin ${input.origin} are not allowed`) };
    }
    state.record(allowing.id, allowing.kind, "passed", `origin ${input.origin} allowed`);
    responseHeaders = allowing.evaluator.responseHeaders(input.origin);
  }

  for (const rule of policy.addresses) {
    if (!applies(rule, state)) continue;
    const result = rule.evaluator.check(input.ip());
    state.record(rule.id, rule.kind, result.allowed ? "passed" : "denied", result.reason);
    // An allowed origin's page must be able to read why it was refused, as with every later denial.
    if (!result.allowed) return { kind: "deny", denial: deny("address_not_allowed", "Requests from your address are not allowed", responseHeaders) };
  }

  let maxBodyBytes: number | null = null;
  for (const rule of policy.bodyLimits) {
    if (!applies(rule, state)) continue;
    maxBodyBytes = Math.min(maxBodyBytes ?? Infinity, rule.evaluator.maxBytes);
    state.record(rule.id, rule.kind, "passed", `body limited to ${rule.evaluator.maxBytes} bytes`);
  }
  return { kind: "continue", responseHeaders, maxBodyBytes };
}

export async function evaluateAfterBody(policy: CompiledPolicy, state: EvaluationState, responseHeaders: Record<string, string>): Promise<Decision> {
  const refuse = (denial: Denial): Decision => ({ allow: false, denial, responseHeaders });
  let upstream: UpstreamInstructions = { setHeaders: {}, keepAuthorization: false, transforms: NO_TRANSFORMS };
  let passedOn: Denial | null = null;

  for (const rule of policy.authenticators) {
    if (passedOn && !rule.evaluator.oauth) {
      // A token of another authorization server is for the policy's other OAuth2 rules only:
      // it must not fall through to, say, anonymous access.
      state.record(rule.id, rule.kind, "skipped", "the bearer token is another authorization server's: only OAuth2 rules may take it");
      continue;
    }
    if (!applies(rule, state)) continue;
    const result = await rule.evaluator.authenticate(state.request);
    if (result.outcome === "absent") {
      state.record(rule.id, rule.kind, "absent", "no credential of this kind");
      continue;
    }
    if (result.outcome === "invalid") {
      state.record(rule.id, rule.kind, "invalid", result.reason);
      if (result.passOn) {
        passedOn ??= result.denial;
        continue;
      }
      return refuse(result.denial);
    }
    state.record(rule.id, rule.kind, "authenticated", result.reason);
    state.identity = result.identity;
    upstream = { setHeaders: result.upstreamHeaders ?? {}, keepAuthorization: result.keepAuthorization === true, transforms: NO_TRANSFORMS };
    break;
  }
  const identity = state.identity;
  if (!identity) {
    if (passedOn) return refuse(passedOn);
    return refuse(deny("unauthenticated", "Authentication required: send a credential this server accepts", { "www-authenticate": policy.challenge(state.request) }));
  }

  // Every call of a batch must be allowed on its own.
  for (const call of state.request.batch ?? [state.request.mcp]) {
    for (const rule of policy.authorizers) {
      if (!applies(rule, state, call)) continue;
      const result = rule.evaluator.authorize(state, identity, call);
      state.record(rule.id, rule.kind, result.allowed ? "allowed" : "denied", result.reason);
      if (!result.allowed) {
        const what = call.tool ? `call the tool ${call.tool}` : call.method ? `call ${call.method}` : "use this server";
        return refuse(deny("forbidden", `You are not allowed to ${what}`));
      }
    }
  }

  const headers = { ...responseHeaders };
  for (const rule of policy.throttles) {
    if (!applies(rule, state)) continue;
    const result = await rule.evaluator.consume(state, identity);
    state.record(rule.id, rule.kind, result.allowed ? "passed" : "denied", result.reason);
    if (!result.allowed) return refuse(result.denial!);
    Object.assign(headers, result.headers);
  }
  if (policy.hasTransforms) upstream.transforms = planTransforms(policy, state);
  return { allow: true, identity, responseHeaders: headers, upstream };
}

function firstApplying<E extends RuleEvaluator>(rules: CompiledRule<E>[], state: EvaluationState, applied: (evaluator: E) => string): CompiledRule<E> | null {
  let chosen: CompiledRule<E> | null = null;
  for (const rule of rules) {
    if (chosen) {
      state.record(rule.id, rule.kind, "skipped", "an earlier rule of this kind applies");
      continue;
    }
    if (!applies(rule, state)) continue;
    chosen = rule;
    state.record(rule.id, rule.kind, "passed", applied(rule.evaluator));
  }
  return chosen;
}

function allApplying<E extends RuleEvaluator>(rules: CompiledRule<E>[], state: EvaluationState, applied: string): E[] {
  const chosen: E[] = [];
  for (const rule of rules) {
    if (!applies(rule, state)) continue;
    state.record(rule.id, rule.kind, "passed", applied);
    chosen.push(rule.evaluator);
  }
  return chosen;
}

/** The shape phase's cache and the transform phase, once the caller may be served. */
function planTransforms(policy: CompiledPolicy, state: EvaluationState): Transforms {
  return {
    cache: firstApplying(policy.caches, state, (cache) => `cacheable for up to ${cache.ttlSeconds} s`),
    redirect: firstApplying(policy.redirects, state, (redirect) => `redirects with ${redirect.status}`)?.evaluator ?? null,
    requestHeaders: allApplying(policy.requestHeaders, state, "request headers transformed"),
    responseHeaders: allApplying(policy.responseHeaders, state, "response headers transformed"),
    credential: firstApplying(policy.credentials, state, () => "the upstream gets this rule's credential"),
    retry: firstApplying(policy.retries, state, (retry) => `up to ${retry.attempts} attempts`)?.evaluator ?? null,
  };
}

/**
 * Whether the caller could call a tool, for filtering tools/list: the authorize phase is
 * evaluated as if the request were `tools/call` of that tool. A condition that cannot be
 * decided without the call's arguments keeps the tool visible; the call itself is checked.
 */
export function canCallTool(policy: CompiledPolicy, state: EvaluationState, identity: Identity, tool: string): boolean {
  const call: McpCall = { ...state.request.mcp, method: "tools/call", tool, arguments: {} };
  for (const rule of policy.authorizers) {
    if (rule.when) {
      const when = state.test(rule.when, call);
      if ("value" in when && !when.value) continue;
    }
    const result = rule.evaluator.authorize(state, identity, call);
    if (!result.allowed && !result.unknown) return false;
  }
  return true;
}
