import { deny, type Denial } from "../policy/denials";
import type { JsonRpcId, McpCall } from "../policy/request-context";

/** JSON-RPC at the gateway: reading the MCP call out of a request body, once. */
/** `call` is the message, or for a batch its first message without an id; `batch` holds every message of a batch. */
export type ParsedBody = { ok: true; call: McpCall; batch: McpCall[] | null } | { ok: false; denial: Denial; id: JsonRpcId };

type Message = { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function idOf(message: Message): JsonRpcId {
  return typeof message.id === "string" || typeof message.id === "number" ? message.id : null;
}

function toCall(message: Message): McpCall {
  const method = typeof message.method === "string" ? message.method : null;
  const params = isRecord(message.params) ? message.params : {};
  const str = (value: unknown) => (typeof value === "string" ? value : null);
  return {
    method,
    id: idOf(message),
    tool: method === "tools/call" ? str(params.name) : null,
    arguments: method === "tools/call" && isRecord(params.arguments) ? params.arguments : {},
    resource: method?.startsWith("resources/") ? str(params.uri) : null,
    prompt: method === "prompts/get" ? str(params.name) : null,
    protocolVersion: method === "initialize" ? str(params.protocolVersion) : null,
  };
}

/** Parses a POST body: one JSON-RPC message, or a batch (MCP 2025-03-26). */
export function parseJsonRpcBody(body: Buffer): ParsedBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    return { ok: false, denial: deny("parse_error", "The request body is not valid JSON"), id: null };
  }
  if (Array.isArray(parsed)) {
    if (parsed.length === 0 || !parsed.every(isRecord)) {
      return { ok: false, denial: deny("invalid_request", "A JSON-RPC batch must be a non-empty array of messages"), id: null };
    }
    const calls = (parsed as Message[]).map(toCall);
    // The batch as one call is its first message without an id: an answer to the whole batch
    // (a refusal, an upstream failure) belongs to no single call, so its JSON-RPC error has no
    // id (MCP 2025-03-26, Streamable HTTP, sending messages to the server).
    return { ok: true, call: { ...calls[0]!, id: null }, batch: calls };
  }
  if (!isRecord(parsed) || parsed.jsonrpc !== "2.0") {
    return { ok: false, denial: deny("invalid_request", 'The body is not a JSON-RPC 2.0 message ("jsonrpc": "2.0")'), id: isRecord(parsed) ? idOf(parsed) : null };
  }
  return { ok: true, call: toCall(parsed), batch: null };
}

/**
 * The MCP transport's Mcp-Method and Mcp-Name headers, when present, must say what the body
 * says; a proxy routing on the headers must not be fooled about what is called.
 */
export function checkMcpHeaders(call: McpCall, methodHeader: string | undefined, nameHeader: string | undefined): Denial | null {
  if (methodHeader !== undefined && methodHeader !== (call.method ?? "")) {
    return deny("header_mismatch", `Mcp-Method says ${methodHeader} but the body calls ${call.method ?? "nothing"}`);
  }
  if (nameHeader !== undefined) {
    const name = call.tool ?? call.prompt ?? call.resource;
    if (nameHeader !== (name ?? "")) return deny("header_mismatch", `Mcp-Name says ${nameHeader} but the body names ${name ?? "nothing"}`);
  }
  return null;
}
