import { Environment, type ParseResult } from "@marcbachmann/cel-js";

/**
 * CEL is the one expression language of every policy field that computes something: rule
 * conditions, user ID and roles expressions, headers to add. Expressions are parsed and
 * type-checked when a policy is saved (a bad one is a field error, never a failure
 * mid-request) and compiled once per policy load.
 */

/** Variables an expression may read; each field declares which of them it gets. */
export type CelVariable = "request" | "claims" | "user" | "mcp";

/** What an expression must produce, as CEL type names; `dyn` is always accepted too. */
export type CelResult = "bool" | "string" | "list";

export const CEL_VARIABLE_HELP: Record<CelVariable, string> = {
  request: "request: method, path, headers (lower-case names), query, ip",
  claims: "claims: the verified token's claims",
  user: "user: id and roles of the authenticated caller",
  mcp: "mcp: method, tool, arguments, resource, prompt, protocolVersion",
};

const environments = new Map<string, Environment>();

function environmentFor(variables: readonly CelVariable[]): Environment {
  const key = [...variables].sort().join(",");
  let env = environments.get(key);
  if (!env) {
    env = new Environment({ unlistedVariablesAreDyn: false, homogeneousAggregateLiterals: false });
    for (const name of variables) env.registerVariable(name, "map");
    environments.set(key, env);
  }
  return env;
}

export type CelCheck = { ok: true; type: string } | { ok: false; message: string; position?: number };

function acceptsType(actual: string, expected: CelResult): boolean {
  if (actual === "dyn") return true;
  if (expected === "list") return actual === "list" || actual.startsWith("list<");
  return actual === expected;
}

/** Parses and type-checks an expression; the message names the problem and its position. */
export function checkCel(source: string, variables: readonly CelVariable[], expected: CelResult): CelCheck {
  if (source.trim() === "") return { ok: false, message: "Enter an expression" };
  let result;
  try {
    result = environmentFor(variables).check(source);
  } catch (error) {
    return describeError(error);
  }
  if (!result.valid) return describeError(result.error);
  const type = result.type ?? "dyn";
  if (!acceptsType(type, expected)) {
    return { ok: false, message: `The expression returns ${type}; it must return ${expected === "list" ? "a list" : expected}` };
  }
  return { ok: true, type };
}

function describeError(error: unknown): CelCheck {
  if (error && typeof error === "object" && "message" in error) {
    const e = error as { message: string; summary?: string; node?: { pos?: number } };
    const position = typeof e.node?.pos === "number" ? e.node.pos + 1 : undefined;
    const summary = e.summary ?? e.message.split("\n")[0] ?? "Invalid expression";
    return {
      ok: false,
      message: position === undefined ? summary : `${summary} (at character ${position})`,
      position,
    };
  }
  return { ok: false, message: "Invalid expression" };
}

/** A compiled expression. Evaluation errors (a missing claim, say) come back as values. */
export type CompiledCel = (context: Partial<Record<CelVariable, unknown>>) => { ok: true; value: unknown } | { ok: false; error: string };

/** Compiles an expression that already passed `checkCel`. `true` and `false` become constants. */
export function compileCel(source: string, variables: readonly CelVariable[]): CompiledCel {
  const trimmed = source.trim();
  if (trimmed === "true" || trimmed === "false") {
    const result = { ok: true as const, value: trimmed === "true" };
    return () => result;
  }
  const program: ParseResult = environmentFor(variables).parse(source);
  return (context) => {
    try {
      return { ok: true, value: program(context) };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? (error as { summary?: string }).summary ?? error.message : String(error) };
    }
  };
}
