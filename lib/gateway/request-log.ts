import type { EvaluationState } from "../policy/evaluation-state";
import type { GatewayRequest } from "./gateway-request";
import type { GatewayRoute } from "./route-table";

export type RequestLogEntry = {
  /** Which gateway served it: an MCP server's or an API service's. */
  gateway: "mcp" | "api";
  request: GatewayRequest;
  route: GatewayRoute | undefined;
  status: number;
  latencyMs: number;
  details: {
    state?: EvaluationState;
    decision?: "allowed" | "denied" | "preflight";
    /** API services: whether the Response Cache answered. */
    cache?: "HIT" | "MISS";
    /** How many requests went upstream (HTTP Retry, a renewed credential). */
    attempts?: number;
  };
};

export type RequestLog = (entry: RequestLogEntry) => void;

/**
 * One structured line per gateway request: server (or service and path), identity, MCP method
 * and tool, decision, status, latency, and for refusals and failures the rule trace (why a
 * request was refused is in the log, never in the response).
 */
export function jsonLinesRequestLog(write: (text: string) => void = (text) => process.stdout.write(text)): RequestLog {
  // Lines are gathered and written once per turn of the event loop: one write for many
  // requests instead of a (synchronous, for files and pipes) write each.
  let pending: string[] = [];
  const flush = () => {
    const text = pending.join("");
    pending = [];
    write(text);
  };
  // Built by hand: JSON.stringify of an object per request was the largest single cost of
  // logging. Values a client controls go through JSON.stringify to be escaped. The clock is
  // read through performance: Next.js wraps Date.now() and new Date() with checks of its own.
  const text = (value: string | null | undefined) => (value === null || value === undefined ? "null" : JSON.stringify(value));
  return ({ gateway, request, route, status, latencyMs, details }) => {
    const state = details.state;
    if (pending.length === 0) setImmediate(flush);
    const level = status >= 500 ? "error" : status >= 400 ? "warn" : "info";
    // The trace says why; it is kept for refusals and failures, where someone will ask.
    const trace =
      state && (details.decision !== "allowed" || status >= 500)
        ? `,"trace":${JSON.stringify(state.trace.map((entry) => (entry.reason ? `${entry.kind}:${entry.outcome}: ${entry.reason}` : `${entry.kind}:${entry.outcome}`)))}`
        : "";
    let what: string;
    if (gateway === "mcp") {
      const call = state?.request.mcp;
      what = `"msg":"mcp request","server":${text(route?.target.slug)},"httpMethod":${text(request.method)},"method":${text(call?.method)},"tool":${text(call?.tool)}`;
    } else {
      const path = request.url.split("?", 1)[0];
      what =
        `"msg":"api request","service":${text(route?.target.slug)},"httpMethod":${text(request.method)},"path":${text(path)}` +
        `${details.cache ? `,"cache":"${details.cache}"` : ""}${details.attempts && details.attempts > 1 ? `,"attempts":${details.attempts}` : ""}`;
    }
    pending.push(
      `{"time":"${new Date(performance.timeOrigin + performance.now()).toISOString()}","level":"${level}",${what},"identity":${text(state?.identity?.id)},"decision":${text(details.decision)},` +
        `"status":${status},"latencyMs":${Math.round(latencyMs * 100) / 100},"client":${text(request.clientAddress)}${trace}}\n`,
    );
  };
}

export const silentRequestLog: RequestLog = () => {};
