import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type GatewayHarness } from "../helpers/gateway-harness";
import { expectRefusal, initializeMessage, openSession, postMcp, rpcMessages, toolCallMessage } from "../helpers/mcp-requests";
import { startRecordingProxy } from "../helpers/recording-proxy";
import { startServerEverything } from "../helpers/server-everything";

/**
 * Authorize by Role: a caller is allowed when one of its roles is listed and that row's
 * condition over the MCP call holds; every call of a batch must be allowed on its own.
 */
let upstream: Awaited<ReturnType<typeof startServerEverything>>;
let recorder: Awaited<ReturnType<typeof startRecordingProxy>>;
let gateway: GatewayHarness;

const KEYS = [
  { description: "reader", roles: ["reader"] },
  { description: "admin", roles: ["admin"] },
  { description: "guest", roles: ["guest"] },
];

beforeAll(async () => {
  upstream = await startServerEverything();
  recorder = await startRecordingProxy(upstream.url);
  gateway = await startGateway([
    {
      slug: "by-tool",
      upstreamUrl: recorder.url,
      rules: [
        { kind: "api-key-authenticator", config: { keys: KEYS } },
        {
          kind: "authorize-by-role",
          config: {
            roles: [
              { role: "admin", condition: "true" },
              { role: "reader", condition: 'mcp.method != "tools/call"' },
              { role: "reader", condition: 'mcp.tool == "echo" && mcp.arguments.message != "forbidden"' },
              { role: "reader", condition: 'mcp.tool == "get-sum" && mcp.arguments.a < 10' },
            ],
          },
        },
      ],
    },
    { slug: "no-authorize", upstreamUrl: recorder.url, rules: [{ kind: "api-key-authenticator", config: { keys: KEYS } }] },
  ]);
});

afterAll(async () => {
  await gateway?.close();
  await recorder?.close();
  await upstream?.stop();
});

const key = (slug: string, index: number) => ({ "x-api-key": gateway.keys(slug)[index]! });
const READER = 0;
const ADMIN = 1;
const GUEST = 2;

/** Opens a session as the given key; returns the headers later calls of the session carry. */
async function session(slug: string, index: number): Promise<Record<string, string>> {
  const headers = key(slug, index);
  return { ...headers, "mcp-session-id": await openSession(gateway.url(slug), headers) };
}

function callsUpstreamSaw(sessionId: string): unknown[] {
  return recorder.requests.filter((seen) => seen.headers["mcp-session-id"] === sessionId && seen.body.includes('"tools/call"')).map((seen) => JSON.parse(seen.body));
}

describe("Authorize by Role with conditions over the MCP call", () => {
  it("allows the tools/call a row's condition allows, and the upstream answers it", async () => {
    const headers = await session("by-tool", READER);
    const response = await postMcp(gateway.url("by-tool"), toolCallMessage(10, "echo", { message: "hello" }), headers);
    expect(response.status).toBe(200);
    const [answer] = await rpcMessages(response);
    expect(answer).toMatchObject({ jsonrpc: "2.0", id: 10, result: { content: [{ type: "text", text: "Echo: hello" }] } });

    const sum = await postMcp(gateway.url("by-tool"), toolCallMessage(11, "get-sum", { a: 2, b: 3 }), headers);
    expect(sum.status).toBe(200);
    expect(JSON.stringify(await rpcMessages(sum))).toContain("5");
  });

  it("refuses a tool no row allows with 403 and the request's id, before the upstream sees it", async () => {
    const headers = await session("by-tool", READER);
    const response = await postMcp(gateway.url("by-tool"), toolCallMessage(12, "get-env"), headers);
    await expectRefusal(response, { status: 403, code: -32003, id: 12, message: "You are not allowed to call the tool get-env" });
    expect(callsUpstreamSaw(headers["mcp-session-id"]!)).toEqual([]);
  });

  it("decides on the call's arguments (mcp.arguments)", async () => {
    const headers = await session("by-tool", READER);
    await expectRefusal(await postMcp(gateway.url("by-tool"), toolCallMessage("echo-2", "echo", { message: "forbidden" }), headers), {
      status: 403,
      code: -32003,
      id: "echo-2",
      message: "You are not allowed to call the tool echo",
    });
    await expectRefusal(await postMcp(gateway.url("by-tool"), toolCallMessage(13, "get-sum", { a: 50, b: 3 }), headers), {
      status: 403,
      code: -32003,
      id: 13,
      message: "You are not allowed to call the tool get-sum",
    });
    expect(callsUpstreamSaw(headers["mcp-session-id"]!)).toEqual([]);
  });

  it("lets a role whose condition is true call any tool", async () => {
    const headers = await session("by-tool", ADMIN);
    const response = await postMcp(gateway.url("by-tool"), toolCallMessage(14, "get-sum", { a: 50, b: 3 }), headers);
    expect(response.status).toBe(200);
    expect(JSON.stringify(await rpcMessages(response))).toContain("53");
  });

  it("refuses a caller none of whose roles is listed, whatever it calls (mcp.method)", async () => {
    await expectRefusal(await postMcp(gateway.url("by-tool"), initializeMessage(15), key("by-tool", GUEST)), {
      status: 403,
      code: -32003,
      id: 15,
      message: "You are not allowed to call initialize",
    });
  });

  it("without an Authorize rule, allows every authenticated caller everything", async () => {
    const headers = await session("no-authorize", GUEST);
    const response = await postMcp(gateway.url("no-authorize"), toolCallMessage(16, "get-sum", { a: 50, b: 3 }), headers);
    expect(response.status).toBe(200);
    expect(JSON.stringify(await rpcMessages(response))).toContain("53");
  });
});

describe("JSON-RPC batches", () => {
  const batch = [toolCallMessage(21, "echo", { message: "fine" }), toolCallMessage(22, "get-env")];

  it("refuses a batch in which one call is not allowed with an id-less error, and the upstream sees none of it", async () => {
    const headers = await session("by-tool", READER);
    // The refusal answers the whole batch, not its first (allowed) call: no id (MCP 2025-03-26, Streamable HTTP).
    await expectRefusal(await postMcp(gateway.url("by-tool"), batch, headers), { status: 403, code: -32003, id: null, message: "You are not allowed to call the tool get-env" });
    expect(recorder.requests.filter((seen) => seen.headers["mcp-session-id"] === headers["mcp-session-id"] && seen.body.startsWith("["))).toEqual([]);
  });

  it("passes a batch whose every call is allowed", async () => {
    const headers = await session("by-tool", READER);
    const allowed = [toolCallMessage(23, "echo", { message: "one" }), toolCallMessage(24, "echo", { message: "two" })];
    const response = await postMcp(gateway.url("by-tool"), allowed, headers);
    expect(response.status).toBe(200);
    expect(await rpcMessages(response)).toMatchObject([
      { id: 23, result: { content: [{ text: "Echo: one" }] } },
      { id: 24, result: { content: [{ text: "Echo: two" }] } },
    ]);
    const forwarded = recorder.requests.filter((seen) => seen.headers["mcp-session-id"] === headers["mcp-session-id"] && seen.body.startsWith("["));
    expect(forwarded.map((seen) => JSON.parse(seen.body))).toEqual([allowed]);
  });
});
