import type { CelVariable, CompiledCel } from "./cel";
import type { Identity, McpCall, PolicyRequest } from "./request-context";
import type { RuleKind } from "./rule-kinds";

/** "failed": the rule let the caller in but could not do its own work (an Outbound credential that could not be had). */
export type TraceOutcome = "disabled" | "skipped" | "passed" | "denied" | "absent" | "invalid" | "authenticated" | "allowed" | "failed";

/** One line of the decision trace: what a rule did with this request, and why. */
export type TraceEntry = { ruleId: string; kind: RuleKind; outcome: TraceOutcome; reason?: string };

type CelContext = Record<CelVariable, unknown>;

function mcpVariable(call: McpCall) {
  // Absent values are "" rather than null, so `mcp.tool == "x"` and `mcp.tool.startsWith(…)`
  // work on every request, including those without a tool.
  return {
    method: call.method ?? "",
    tool: call.tool ?? "",
    arguments: call.arguments,
    resource: call.resource ?? "",
    prompt: call.prompt ?? "",
    protocolVersion: call.protocolVersion ?? "",
  };
}

/**
 * The state of one request's evaluation: the identity once known, the trace, and the CEL
 * variables, each built at most once and only when an expression needs them.
 */
export class EvaluationState {
  identity: Identity | null = null;
  readonly trace: TraceEntry[] = [];
  private requestValue: Record<string, unknown> | undefined;
  private mcpVariables = new WeakMap<McpCall, Record<string, unknown>>();

  constructor(readonly request: PolicyRequest) {}

  record(ruleId: string, kind: RuleKind, outcome: TraceOutcome, reason?: string): void {
    this.trace.push(reason === undefined ? { ruleId, kind, outcome } : { ruleId, kind, outcome, reason });
  }

  /**
   * The CEL activation; `mcp` can be overridden to ask "could this caller call tool X?".
   * Variables are getters: an expression that never reads `request` never builds it.
   */
  celContext(mcp: McpCall = this.request.mcp): CelContext {
    const state = this;
    return {
      get request() {
        return state.requestVariable();
      },
      get mcp() {
        return state.mcpVariable(mcp);
      },
      get user() {
        return state.identity ? { id: state.identity.id, roles: state.identity.roles } : { id: "", roles: [] };
      },
      get claims() {
        return state.identity?.claims ?? {};
      },
    };
  }

  private requestVariable(): Record<string, unknown> {
    this.requestValue ??= {
      method: this.request.method,
      path: this.request.path,
      headers: this.request.headers(),
      query: Object.fromEntries(this.request.query),
      ip: this.request.ip,
    };
    return this.requestValue;
  }

  private mcpVariable(call: McpCall): Record<string, unknown> {
    let value = this.mcpVariables.get(call);
    if (!value) {
      value = mcpVariable(call);
      this.mcpVariables.set(call, value);
    }
    return value;
  }

  /** Evaluates a boolean expression; a non-boolean result or an evaluation error is reported as such. */
  test(expression: CompiledCel, mcp?: McpCall): { value: boolean } | { error: string } {
    const result = expression(this.celContext(mcp));
    if (!result.ok) return { error: result.error };
    if (typeof result.value !== "boolean") return { error: `returned ${typeof result.value}, not a boolean` };
    return { value: result.value };
  }
}
