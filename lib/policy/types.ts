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
   * Compiles a validated configuration into its evaluator, once per policy load. Absent for
   * the API-management rules, which MCP servers cannot use (they are enforced for HTTP API
   * services only).
   */
  compile?: (config: z.output<Schema>, context: CompileContext) => RuleEvaluator;
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
export type AnyRuleDefinition = Omit<RuleDefinition, "compile"> & { compile?: (config: any, context: CompileContext) => RuleEvaluator };

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

export type RuleEvaluator = CorsEvaluator | AddressEvaluator | BodyLimitEvaluator | AuthenticatorEvaluator | AuthorizerEvaluator | ThrottleEvaluator;

export type RuleConfig<D extends RuleDefinition> = z.output<D["configSchema"]>;
