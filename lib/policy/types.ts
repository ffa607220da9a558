import type { z } from "zod";
import type { Denial } from "./denials";
import type { EvaluationState } from "./evaluation-state";
import type { ParsedIp } from "./ip-range";
import type { PolicyPorts } from "./ports";
import type { Identity, McpCall, PolicyRequest } from "./request-context";
import type { RuleKind } from "./rule-kinds";

/** Where a rule sits in the catalog's "Add Rule" dialog. */
export type RuleCategory = "Validate" | "Authenticate" | "Authorize" | "Shape" | "Transform" | "Outbound";

/** The engine's fixed stages; see phases.ts for their order and why. */
export type Phase = "cors" | "validate" | "authenticate" | "authorize" | "shape" | "transform";

/** Whether an MCP server can use the rule; when not, the reason is shown beside the red cross. */
export type McpCompatibility = { compatible: true } | { compatible: false; reason: string };

/**
 * One rule kind. Each lives in its own module under rules/ and is listed in the registry
 * (rules/index.ts); the console, the REST API and the engine all read these definitions.
 */
export type RuleDefinition<Schema extends z.ZodObject = z.ZodObject> = {
  kind: RuleKind;
  label: string;
  /** One sentence shown in the catalog under the label. */
  summary: string;
  category: RuleCategory;
  phase: Phase;
  mcp: McpCompatibility;
  /** Shown as a "development only" badge (the Anonymous Authenticator). */
  developmentOnly?: boolean;
  configSchema: Schema;
  /**
   * Compiles a validated configuration into its evaluator, once per policy load. Every kind
   * has one: no rule is configurable but inert. Rules MCP servers cannot use are compiled too
   * and enforced for API services; a policy with one never reaches an MCP route.
   */
  compile: (config: z.output<Schema>, context: CompileContext) => RuleEvaluator;
};

/**
 * Declares a rule kind. A function rather than `satisfies` so that TypeScript infers the
 * schema and types `compile`'s configuration from it.
 */
export function defineRule<K extends RuleKind, S extends z.ZodObject>(definition: RuleDefinition<S> & { kind: K }): RuleDefinition<S> & { kind: K } {
  return definition;
}

/**
 * A definition of any kind, as the registry holds them. `compile` takes the configuration its
 * own schema produced; the engine always parses with the same definition's schema first.
 */
export type AnyRuleDefinition = Omit<RuleDefinition, "compile"> & { compile: (config: any, context: CompileContext) => RuleEvaluator };

export type CompileContext = { ruleId: string; ports: PolicyPorts };

/** CORS Restriction: origin checks and the headers of preflight and actual responses. */
export type CorsEvaluator = {
  type: "cors";
  allowsOrigin(origin: string): boolean;
  /** The 204 answer's headers for an allowed preflight, or why it is refused. */
  preflight(origin: string, method: string, requestHeaders: string[]): { headers: Record<string, string> } | { refused: string };
  responseHeaders(origin: string): Record<string, string>;
};

/** IP Restriction. */
export type AddressEvaluator = { type: "address"; check(ip: ParsedIp | null): { allowed: boolean; reason: string } };

/** Request Size Limit: enforced by the gateway before and while it reads the body. */
export type BodyLimitEvaluator = { type: "body-limit"; maxBytes: number };

export type AuthenticationResult =
  | { outcome: "absent" }
  | {
      outcome: "invalid";
      reason: string;
      denial: Denial;
      /**
       * The credential may be another rule's: a token of another authorization server. The
       * policy's other OAuth2 rules are tried, and this denial answers if none accepts it.
       */
      passOn?: boolean;
    }
  | {
      outcome: "authenticated";
      identity: Identity;
      reason: string;
      /** Headers to set on the upstream request (JWT "Headers to Add"). */
      upstreamHeaders?: Record<string, string>;
      /** Let the caller's Authorization header through ("Propagate raw token"). */
      keepAuthorization?: boolean;
    };

/** A WWW-Authenticate challenge, for the request being refused. */
export type Challenge = { scheme: "Bearer" | "ApiKey"; params: Record<string, string>; oauth: boolean };

/** An authenticator: finds its credential in the request, or says it found none. */
export type AuthenticatorEvaluator = {
  type: "authenticator";
  /** What this authenticator accepts, for the 401 (null: nothing to ask for, e.g. Anonymous). */
  challenges: ((request: PolicyRequest) => Challenge[]) | null;
  /** Where the credential travels; stripped before the request goes upstream. */
  credentialHeaders: string[];
  credentialQueryParameters: string[];
  /** Headers this authenticator sets upstream: a client-sent copy is always removed. */
  upstreamHeaderNames?: string[];
  /** For the protected resource metadata (RFC 9728) of servers using an OAuth2 rule. */
  oauth?: { authorizationServer: string; scopes: string[] };
  authenticate(request: PolicyRequest): AuthenticationResult | Promise<AuthenticationResult>;
};

export type AuthorizerEvaluator = {
  type: "authorizer";
  /** `mcp` overrides the request's own call, to ask "could this caller call tool X?". */
  authorize(state: EvaluationState, identity: Identity, mcp?: McpCall): { allowed: boolean; reason: string; unknown?: boolean };
};

export type ThrottleEvaluator = {
  type: "throttle";
  consume(state: EvaluationState, identity: Identity): Promise<{ allowed: boolean; reason: string; headers: Record<string, string>; denial?: Denial }>;
};

/** What a rule of the transform phase (and the Response Cache) sees of a request. */
export type RequestView = {
  method: string;
  /** The path after the service prefix, from "/" (API services). */
  path: string;
  /** The query string as it goes upstream: credential parameters already removed. */
  query: URLSearchParams;
  header(name: string): string | undefined;
};

/**
 * Response Cache (API services): which requests may be answered from the cache, under what
 * key, and which upstream responses may be stored (RFC 9111, as far as a gateway cache goes).
 */
export type ResponseCacheEvaluator = {
  type: "response-cache";
  ttlSeconds: number;
  maxBodyBytes: number;
  /**
   * The request's cache key, or null when the request is not cacheable (not GET or HEAD).
   * `forwardedAuthorization` is the caller's own Authorization header when it goes upstream
   * (no rule consumed or replaced it): the upstream tells callers apart by it, so the cache must too.
   */
  key(request: RequestView, identity: Identity, forwardedAuthorization?: string): string | null;
  /**
   * What the caller's own Cache-Control asks: "use" the cache; "refresh" it (no-cache: go
   * upstream, store the answer); or "skip" it entirely (no-store).
   */
  requestDirective(header: (name: string) => string | undefined): "use" | "refresh" | "skip";
  /** How long an upstream response may be kept, or why it may not be stored. */
  storable(status: number, header: (name: string) => string | undefined): { ttlSeconds: number } | { refused: string };
};

/** HTTP Redirect (API services): an answer instead of the upstream's. */
export type RedirectEvaluator = {
  type: "redirect";
  status: 301 | 302 | 307 | 308;
  /**
   * The Location for a request, or null when the template would leave its own origin. `search`
   * is the raw query string as received (without "?", credentials taken out), so that {query}
   * keeps its exact encoding, as the upstream would get it.
   */
  location(path: string, search: string): string | null;
};

/** HTTP Retry (API services). */
export type RetryEvaluator = {
  type: "retry";
  /** Total tries, the first included. */
  attempts: number;
  retriesMethod(method: string): boolean;
  retriesStatus(status: number): boolean;
  /** The wait before retry number `retry` (1 for the first retry). */
  delayMs(retry: number): number;
};

/** Headers as the gateway holds them: lower-case names. */
export type HeaderMap = Record<string, string | string[] | number | undefined>;

/** Response Transformer (API services): applied to the response the caller gets. */
export type ResponseHeadersEvaluator = { type: "response-headers"; apply(headers: HeaderMap): void };

/** Request Transformer: applied to the headers that go upstream, after the caller's credentials are gone. */
export type RequestHeadersEvaluator = { type: "request-headers"; apply(headers: Record<string, string>): void };

export type OutboundAuthorization = { ok: true; value: string } | { ok: false; reason: string };

/**
 * An Outbound credential rule: the Authorization header the upstream gets, in place of
 * whatever the caller sent. `refresh` exists when the credential can be renewed: the gateway
 * calls it once when the upstream answers 401 to `value`, then asks for the credential again.
 */
export type OutboundCredentialEvaluator = {
  type: "outbound-credential";
  authorization(): OutboundAuthorization | Promise<OutboundAuthorization>;
  refresh?: (value: string) => void;
};

export type RuleEvaluator =
  | CorsEvaluator
  | AddressEvaluator
  | BodyLimitEvaluator
  | AuthenticatorEvaluator
  | AuthorizerEvaluator
  | ThrottleEvaluator
  | ResponseCacheEvaluator
  | RedirectEvaluator
  | RetryEvaluator
  | ResponseHeadersEvaluator
  | RequestHeadersEvaluator
  | OutboundCredentialEvaluator;

export type RuleConfig<D extends RuleDefinition> = z.output<D["configSchema"]>;
