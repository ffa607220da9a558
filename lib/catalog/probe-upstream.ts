import { STATUS_CODES } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import { StreamableHTTPClientTransport, StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ErrorCode, McpError, type Tool } from "@modelcontextprotocol/sdk/types.js";
import type { ConnectionSettings } from "./server-schema";

/**
 * Talks to an upstream the way an MCP client does (the SDK's Client over Streamable HTTP):
 * initialize, then tools/list, all within the server's request timeout. Every failure comes
 * back as a value that says exactly what went wrong, never as an exception.
 */
export type ConnectionFailure = "refused" | "host_not_found" | "timeout" | "http_status" | "not_mcp" | "tls" | "mcp_error" | "network";

export type ProbedTool = { name: string; description: string };

export type ConnectionTestResult =
  | {
      ok: true;
      upstreamUrl: string;
      durationMs: number;
      server: { name: string; title: string | null; version: string };
      protocolVersion: string;
      /** False when the server does not offer tools at all (it may still offer resources or prompts). */
      offersTools: boolean;
      tools: ProbedTool[];
    }
  | {
      ok: false;
      upstreamUrl: string;
      durationMs: number;
      /** The MCP request that failed. */
      step: "initialize" | "tools/list";
      failure: ConnectionFailure;
      /** A short heading: "Connection refused", "HTTP 404 Not Found", … */
      title: string;
      /** The exact failure, with what to check. */
      message: string;
      httpStatus: number | null;
    };

const CLIENT_INFO = { name: "gatehouse-connection-test", version: "1.0.0" };
/** A server with more pages of tools than this is listed in part; the console is no tool browser. */
const MAX_TOOL_PAGES = 20;
/** Ending the session is a courtesy: it may not hold up the answer for long. */
const SESSION_END_GRACE_MS = 1000;

class DeadlineExceeded extends Error {}

type Failure = Omit<Extract<ConnectionTestResult, { ok: false }>, "ok" | "upstreamUrl" | "durationMs" | "step">;

export async function probeUpstream(settings: ConnectionSettings): Promise<ConnectionTestResult> {
  const started = performance.now();
  const budgetMs = settings.timeoutSeconds * 1000;
  const remaining = () => Math.max(1, Math.round(budgetMs - (performance.now() - started)));
  const elapsed = () => Math.round(performance.now() - started);

  // One deadline for the whole test: the SDK's per-request timeout does not cover the
  // notifications/initialized POST, and a hung upstream must not hold the console.
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded()), budgetMs);
  });
  expired.catch(() => undefined);
  const within = <T>(pending: Promise<T>) => Promise.race([pending, expired]);

  const client = new Client(CLIENT_INFO, { capabilities: {} });
  const transport = new StreamableHTTPClientTransport(new URL(settings.upstreamUrl));
  let step: "initialize" | "tools/list" = "initialize";
  try {
    await within(client.connect(transport, { timeout: remaining() }));
    step = "tools/list";
    const offersTools = Boolean(client.getServerCapabilities()?.tools);
    const tools: Tool[] = [];
    if (offersTools) {
      let cursor: string | undefined;
      for (let page = 0; page < MAX_TOOL_PAGES; page++) {
        const result = await within(client.listTools(cursor ? { cursor } : undefined, { timeout: remaining() }));
        tools.push(...result.tools);
        cursor = result.nextCursor;
        if (!cursor) break;
      }
    }
    const server = client.getServerVersion();
    const durationMs = elapsed();
    await Promise.race([transport.terminateSession().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, Math.min(SESSION_END_GRACE_MS, remaining())))]);
    return {
      ok: true,
      upstreamUrl: settings.upstreamUrl,
      durationMs,
      server: { name: server?.name ?? "", title: server?.title ?? null, version: server?.version ?? "" },
      protocolVersion: transport.protocolVersion ?? "",
      offersTools,
      tools: tools.map((tool) => ({ name: tool.name, description: tool.description ?? "" })),
    };
  } catch (error) {
    return { ok: false, upstreamUrl: settings.upstreamUrl, durationMs: elapsed(), step, ...describeFailure(error, step, settings) };
  } finally {
    clearTimeout(timer);
    // Closing aborts whatever is still in flight (a hung POST, the SSE stream).
    await client.close().catch(() => undefined);
  }
}

const TLS_CODE = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/;

/** The errno-style code of a fetch failure: undici puts it on the cause (or on each of several attempts). */
function networkCause(error: unknown): { code: string; message: string } | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const candidate = current as { code?: unknown; message?: unknown; errors?: unknown[]; cause?: unknown };
    if (typeof candidate.code === "string") return { code: candidate.code, message: String(candidate.message ?? "") };
    if (Array.isArray(candidate.errors) && candidate.errors.length > 0) current = candidate.errors[0];
    else current = candidate.cause;
  }
  const cause = (error as { cause?: { message?: unknown } } | null)?.cause;
  return cause && typeof cause.message === "string" ? { code: "", message: cause.message } : null;
}

function oneLine(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function httpHint(status: number): string {
  if (status === 404 || status === 405) return " Check the path: MCP servers usually answer at /mcp.";
  if (status === 401 || status === 403) return " The upstream asks for credentials of its own.";
  if (status >= 300 && status < 400) return " The upstream redirects elsewhere; enter the URL it redirects to.";
  if (status >= 500) return " The upstream failed; look at its logs.";
  return "";
}

function describeFailure(error: unknown, step: "initialize" | "tools/list", settings: ConnectionSettings): Failure {
  const url = new URL(settings.upstreamUrl);
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  const failure = (kind: ConnectionFailure, title: string, message: string, httpStatus: number | null = null): Failure => ({ failure: kind, title, message, httpStatus });

  if (error instanceof DeadlineExceeded || (error instanceof McpError && error.code === ErrorCode.RequestTimeout)) {
    return failure("timeout", "Timed out", `${url.host} did not answer ${step} within ${settings.timeoutSeconds} s (the server's request timeout).`);
  }
  if (error instanceof UnauthorizedError) {
    return failure("http_status", "HTTP 401 Unauthorized", `${url.host} answered ${step} with HTTP 401.${httpHint(401)}`, 401);
  }
  if (error instanceof StreamableHTTPError) {
    const status = error.code ?? 0;
    if (status >= 100) {
      const detail = oneLine(error.message.replace(/^Streamable HTTP error: /, "").replace(/^Error POSTing to endpoint: ?/, ""));
      const statusText = STATUS_CODES[status] ?? "";
      return failure(
        "http_status",
        `HTTP ${status}${statusText ? ` ${statusText}` : ""}`,
        `${url.host} answered ${step} with HTTP ${status}${detail ? `: ${detail}` : ""}.${httpHint(status)}`,
        status,
      );
    }
    const contentType = error.message.match(/Unexpected content type: (.*)$/)?.[1];
    return failure(
      "not_mcp",
      "Not an MCP server",
      contentType
        ? `${url.host} answered ${step} with ${contentType}, not application/json or text/event-stream: this URL is not an MCP endpoint.`
        : `${url.host} did not answer ${step} as an MCP server: ${oneLine(error.message)}`,
    );
  }
  if (error instanceof McpError) {
    return failure("mcp_error", "MCP error", `${url.host} refused ${step}: ${oneLine(error.message)}`);
  }
  if (error instanceof Error && (error.name === "ZodError" || error instanceof SyntaxError)) {
    return failure("not_mcp", "Not an MCP server", `${url.host} answered ${step} with something that is not a JSON-RPC message: this URL is not an MCP endpoint.`);
  }
  if (error instanceof Error && /protocol version is not supported|invalid initialize result/.test(error.message)) {
    return failure("not_mcp", "Not an MCP server", `${url.host} answered initialize in a way no supported MCP version allows: ${oneLine(error.message)}`);
  }

  const cause = networkCause(error);
  if (cause?.code === "ECONNREFUSED") {
    return failure("refused", "Connection refused", `Nothing accepts connections at ${url.hostname}:${port} (ECONNREFUSED). Is the server running, and on this port?`);
  }
  if (cause?.code === "ENOTFOUND" || cause?.code === "EAI_AGAIN") {
    return failure("host_not_found", "Host not found", `${url.hostname} does not resolve (${cause.code}). Check the host name.`);
  }
  if (cause && TLS_CODE.test(cause.code)) {
    return failure("tls", "TLS error", `The TLS handshake with ${url.host} failed: ${oneLine(cause.message)} (${cause.code}).`);
  }
  if (cause?.message === "bad port") {
    return failure("network", "Port refused", `Port ${port} is on the fetch standard's list of blocked ports (it belongs to another protocol); serve the MCP server on another port.`);
  }
  const detail = cause ? `${oneLine(cause.message)}${cause.code ? ` (${cause.code})` : ""}` : oneLine(error instanceof Error ? error.message : String(error));
  return failure("network", "Network error", `Talking to ${url.host} failed during ${step}: ${detail}`);
}
