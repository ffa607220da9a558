import type { EvaluationState } from "../policy/evaluation-state";
import type { GatewayRequest } from "./gateway";
import type { GatewayRoute } from "./route-table";

export type RequestLogEntry = {
  request: GatewayRequest;
  route: GatewayRoute | undefined;
  status: number;
  latencyMs: number;
  details: { state?: EvaluationState; decision?: "allowed" | "denied" | "preflight" };
};

export type RequestLog = (entry: RequestLogEntry) => void;

/**
 * One structured line per gateway request: server, identity, MCP method and tool, decision,
 * status, latency, and the rule trace (why a request was refused is in the log, never in
 * the response).
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
  return ({ request, route, status, latencyMs, details }) => {
    const state = details.state;
    const call = state?.request.mcp;
    if (pending.length === 0) setImmediate(flush);
    pending.push(
      JSON.stringify({
        time: new Date().toISOString(),
        level: status >= 500 ? "error" : status >= 400 ? "warn" : "info",
        msg: "mcp request",
        server: route?.server.slug ?? null,
        httpMethod: request.method,
        method: call?.method ?? null,
        tool: call?.tool ?? null,
        identity: state?.identity?.id ?? null,
        decision: details.decision ?? null,
        status,
        latencyMs: Math.round(latencyMs * 100) / 100,
        client: request.clientAddress,
        trace: state?.trace.map((entry) => (entry.reason ? `${entry.kind}:${entry.outcome}: ${entry.reason}` : `${entry.kind}:${entry.outcome}`)),
      }) + "\n",
    );
  };
}

export const silentRequestLog: RequestLog = () => {};
