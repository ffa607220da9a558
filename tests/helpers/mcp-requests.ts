import { expect } from "vitest";

/**
 * Raw MCP Streamable HTTP requests, for asserting exactly what the gateway answers (status,
 * headers, the JSON-RPC error body) where the SDK client would only throw.
 */

/** The Accept header the transport requires on POST: the answer may be JSON or an event stream. */
export const MCP_ACCEPT = "application/json, text/event-stream";

export type JsonRpcId = string | number | null;

export function initializeMessage(id: JsonRpcId = 1, extraParams: Record<string, unknown> = {}) {
  return {
    jsonrpc: "2.0",
    id,
    method: "initialize",
    params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "gatehouse-test", version: "1.0.0" }, ...extraParams },
  };
}

export function toolCallMessage(id: JsonRpcId, name: string, args: Record<string, unknown> = {}) {
  return { jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args } };
}

/** POSTs a JSON-RPC message (or batch) as an MCP client does. */
export function postMcp(url: string, message: unknown, headers: Record<string, string> = {}, init: RequestInit = {}): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: MCP_ACCEPT, ...headers },
    body: JSON.stringify(message),
    ...init,
  });
}

/** The JSON-RPC messages of an answer, whether sent as JSON or as an event stream. */
export async function rpcMessages(response: Response): Promise<Array<Record<string, unknown>>> {
  const text = await response.text();
  if (!(response.headers.get("content-type") ?? "").startsWith("text/event-stream")) {
    const parsed = JSON.parse(text) as Record<string, unknown> | Array<Record<string, unknown>>;
    return Array.isArray(parsed) ? parsed : [parsed];
  }
  return text
    .split("\n")
    .filter((line) => line.startsWith("data:"))
    .map((line) => JSON.parse(line.slice("data:".length)) as Record<string, unknown>);
}

/** Initializes a session through the gateway (initialize, then notifications/initialized); returns its id. */
export async function openSession(url: string, headers: Record<string, string> = {}): Promise<string> {
  const initialized = await postMcp(url, initializeMessage("init"), headers);
  expect(initialized.status).toBe(200);
  const sessionId = initialized.headers.get("mcp-session-id");
  expect(sessionId).toBeTruthy();
  const [answer] = await rpcMessages(initialized);
  expect(answer).toMatchObject({ jsonrpc: "2.0", id: "init", result: { protocolVersion: expect.any(String) } });
  const acknowledged = await postMcp(url, { jsonrpc: "2.0", method: "notifications/initialized" }, { ...headers, "mcp-session-id": sessionId! });
  expect(acknowledged.status).toBe(202);
  await acknowledged.text();
  return sessionId!;
}

/**
 * Asserts an answer the gateway itself refused with: its status and exactly
 * `{jsonrpc, id, error: {code, message}}`; a string message must match exactly, a RegExp in part.
 */
export async function expectRefusal(
  response: Response,
  expected: { status: number; code: number; id: JsonRpcId; message?: string | RegExp },
): Promise<{ message: string }> {
  const text = await response.text();
  expect({ status: response.status, body: text }).toMatchObject({ status: expected.status });
  expect(response.headers.get("content-type")).toBe("application/json");
  expect(response.headers.get("cache-control")).toBe("no-store");
  const body = JSON.parse(text) as { error: { message: string } };
  expect(body).toStrictEqual({
    jsonrpc: "2.0",
    id: expected.id,
    error: {
      code: expected.code,
      message: expected.message === undefined ? expect.any(String) : typeof expected.message === "string" ? expected.message : expect.stringMatching(expected.message),
    },
  });
  return { message: body.error.message };
}

/** A node:http answer as a fetch Response, so raw-socket tests assert with the same helpers. */
export function asResponse(status: number, headers: Record<string, string | string[] | undefined>, body: string): Response {
  const fetchHeaders = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) fetchHeaders.append(name, item);
  }
  return new Response(body, { status, headers: fetchHeaders });
}
