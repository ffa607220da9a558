import { compileCel, type CompiledCel } from "./cel";
import { formatChallenges } from "./challenge";
import type { PolicyPorts } from "./ports";
import type { PolicyRequest } from "./request-context";
import { isRuleKind, type RuleKind } from "./rule-kinds";
import { RULES } from "./rules";
import type {
  AddressEvaluator,
  AnyRuleDefinition,
  AuthenticatorEvaluator,
  AuthorizerEvaluator,
  BodyLimitEvaluator,
  CorsEvaluator,
  OutboundCredentialEvaluator,
  RedirectEvaluator,
  RequestHeadersEvaluator,
  ResponseCacheEvaluator,
  ResponseHeadersEvaluator,
  RetryEvaluator,
  RuleEvaluator,
  ThrottleEvaluator,
} from "./types";

/** A policy as stored: the catalog's rows, configuration already validated at save. */
export type StoredRule = { id: string; kind: string; enabled: boolean; condition: string; config: unknown };
export type StoredPolicy = { id: string; name: string; version: number; rules: StoredRule[] };

export type CompiledRule<E extends RuleEvaluator> = {
  id: string;
  kind: RuleKind;
  /** The "when" condition; null when it is `true` and need not be evaluated. */
  when: CompiledCel | null;
  evaluator: E;
};

/** A policy ready to evaluate: rules grouped by phase, expressions compiled, once per load. */
export type CompiledPolicy = {
  id: string;
  name: string;
  version: number;
  cors: CompiledRule<CorsEvaluator>[];
  addresses: CompiledRule<AddressEvaluator>[];
  bodyLimits: CompiledRule<BodyLimitEvaluator>[];
  authenticators: CompiledRule<AuthenticatorEvaluator>[];
  authorizers: CompiledRule<AuthorizerEvaluator>[];
  throttles: CompiledRule<ThrottleEvaluator>[];
  caches: CompiledRule<ResponseCacheEvaluator>[];
  redirects: CompiledRule<RedirectEvaluator>[];
  requestHeaders: CompiledRule<RequestHeadersEvaluator>[];
  responseHeaders: CompiledRule<ResponseHeadersEvaluator>[];
  credentials: CompiledRule<OutboundCredentialEvaluator>[];
  retries: CompiledRule<RetryEvaluator>[];
  /** Whether the policy has a rule of the six lists above: when not, requests skip that work entirely. */
  hasTransforms: boolean;
  /** Labels of enabled rules that MCP servers cannot use; an MCP route with such a policy does not serve. */
  mcpIncompatible: string[];
  disabled: { id: string; kind: RuleKind }[];
  /** Every place a credential can travel in; removed before the request goes upstream. */
  credentialHeaders: string[];
  credentialQueryParameters: string[];
  /** Headers the gateway sets upstream from a token; a client's copy never passes. */
  upstreamHeaderNames: string[];
  /** The WWW-Authenticate value of a 401: what this policy accepts. */
  challenge(request: PolicyRequest, error?: Parameters<typeof formatChallenges>[1]): string;
  /** Authorization servers and scopes, when the policy has an OAuth2 rule (RFC 9728 metadata). */
  oauth: { authorizationServers: string[]; scopes: string[] } | null;
};

export type CompileResult = { ok: true; policy: CompiledPolicy } | { ok: false; problems: string[] };

export function compilePolicy(stored: StoredPolicy, ports: PolicyPorts): CompileResult {
  const problems: string[] = [];
  const policy: CompiledPolicy = {
    id: stored.id,
    name: stored.name,
    version: stored.version,
    cors: [],
    addresses: [],
    bodyLimits: [],
    authenticators: [],
    authorizers: [],
    throttles: [],
    caches: [],
    redirects: [],
    requestHeaders: [],
    responseHeaders: [],
    credentials: [],
    retries: [],
    hasTransforms: false,
    mcpIncompatible: [],
    disabled: [],
    credentialHeaders: [],
    credentialQueryParameters: [],
    upstreamHeaderNames: [],
    challenge: () => "",
    oauth: null,
  };

  for (const rule of stored.rules) {
    if (!isRuleKind(rule.kind)) {
      problems.push(`rule ${rule.id}: unknown kind ${rule.kind}`);
      continue;
    }
    // Widened to the registry's common shape: compile receives what this definition's own schema produced.
    const definition: AnyRuleDefinition = RULES[rule.kind];
    if (!rule.enabled) {
      policy.disabled.push({ id: rule.id, kind: rule.kind });
      continue;
    }
    const parsed = definition.configSchema.safeParse(rule.config);
    if (!parsed.success) {
      problems.push(`${definition.label}: stored configuration is invalid (${parsed.error.issues[0]?.message})`);
      continue;
    }
    const when = rule.condition.trim() === "true" ? null : compileCel(rule.condition, ["request", "user", "claims", "mcp"]);
    let evaluator: RuleEvaluator;
    try {
      evaluator = definition.compile(parsed.data, { ruleId: rule.id, ports });
    } catch (error) {
      // A stored secret that no longer opens (another sealing key): this policy cannot serve,
      // but the others must, so it is a problem of this policy rather than a crash.
      problems.push(`${definition.label}: ${(error as Error).message}`);
      continue;
    }
    if (!definition.mcp.compatible) policy.mcpIncompatible.push(definition.label);
    const compiled = { id: rule.id, kind: rule.kind, when, evaluator };
    switch (evaluator.type) {
      case "cors":
        policy.cors.push(compiled as CompiledRule<CorsEvaluator>);
        break;
      case "address":
        policy.addresses.push(compiled as CompiledRule<AddressEvaluator>);
        break;
      case "body-limit":
        policy.bodyLimits.push(compiled as CompiledRule<BodyLimitEvaluator>);
        break;
      case "authenticator":
        policy.authenticators.push(compiled as CompiledRule<AuthenticatorEvaluator>);
        policy.credentialHeaders.push(...evaluator.credentialHeaders);
        policy.credentialQueryParameters.push(...evaluator.credentialQueryParameters);
        policy.upstreamHeaderNames.push(...(evaluator.upstreamHeaderNames ?? []));
        if (evaluator.oauth) {
          policy.oauth ??= { authorizationServers: [], scopes: [] };
          policy.oauth.authorizationServers.push(evaluator.oauth.authorizationServer);
          policy.oauth.scopes.push(...evaluator.oauth.scopes);
        }
        break;
      case "authorizer":
        policy.authorizers.push(compiled as CompiledRule<AuthorizerEvaluator>);
        break;
      case "throttle":
        policy.throttles.push(compiled as CompiledRule<ThrottleEvaluator>);
        break;
      case "response-cache":
        policy.caches.push(compiled as CompiledRule<ResponseCacheEvaluator>);
        break;
      case "redirect":
        policy.redirects.push(compiled as CompiledRule<RedirectEvaluator>);
        break;
      case "request-headers":
        policy.requestHeaders.push(compiled as CompiledRule<RequestHeadersEvaluator>);
        break;
      case "response-headers":
        policy.responseHeaders.push(compiled as CompiledRule<ResponseHeadersEvaluator>);
        break;
      case "outbound-credential":
        policy.credentials.push(compiled as CompiledRule<OutboundCredentialEvaluator>);
        break;
      case "retry":
        policy.retries.push(compiled as CompiledRule<RetryEvaluator>);
        break;
    }
  }
  if (problems.length) return { ok: false, problems };

  policy.hasTransforms = [policy.caches, policy.redirects, policy.requestHeaders, policy.responseHeaders, policy.credentials, policy.retries].some((rules) => rules.length > 0);
  policy.mcpIncompatible = [...new Set(policy.mcpIncompatible)];
  policy.credentialHeaders = [...new Set(policy.credentialHeaders)];
  policy.credentialQueryParameters = [...new Set(policy.credentialQueryParameters)];
  policy.upstreamHeaderNames = [...new Set(policy.upstreamHeaderNames)];
  if (policy.oauth) {
    policy.oauth = { authorizationServers: [...new Set(policy.oauth.authorizationServers)], scopes: [...new Set(policy.oauth.scopes)] };
  }
  const authenticators = policy.authenticators.map((rule) => rule.evaluator);
  policy.challenge = (request, error) => formatChallenges(authenticators.flatMap((authenticator) => authenticator.challenges?.(request) ?? []), error);
  return { ok: true, policy };
}
