import http from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startGateway, type GatewayHarness, type HarnessServer } from "../helpers/gateway-harness";
import { asResponse, expectRefusal, initializeMessage, MCP_ACCEPT, openSession, postMcp, rpcMessages, toolCallMessage } from "../helpers/mcp-requests";
import { startRecordingProxy } from "../helpers/recording-proxy";
import { startServerEverything } from "../helpers/server-everything";

/**
 * When rules apply (their "When" condition, enabled or not), and what the gateway refuses
 * before any rule: unknown servers, disabled ones, servers without an enforceable policy,
 * methods MCP does not use, bodies that are not JSON-RPC, Mcp-Method/Mcp-Name headers that
 * disagree with the body.
 */
let upstream: Awaited<ReturnType<typeof startServerEverything>>;
let recorder: Awaited<ReturnType<typeof startRecordingProxy>>;
let gateway: GatewayHarness;

const anonymous = { kind: "anonymous-authenticator", config: {} };
const denyLoopback = (extra: Record<string, unknown>) => ({ kind: "ip-restriction", config: { denylist: [{ address: "127.0.0.1" }] }, ...extra });

function server(slug: string, rules: unknown[] | null, extra: Partial<HarnessServer> = {}): HarnessServer {
  return { slug, upstreamUrl: recorder.url, rules, ...extra };
}

beforeAll(async () => {
  upstream = await startServerEverything();
  recorder = await startRecordingProxy(upstream.url);
  gateway = await startGateway([
    server("open", [anonymous]),
    server("when-header", [denyLoopback({ condition: '"x-region" in request.headers && request.headers["x-region"] == "blocked"' }), anonymous]),
    server("when-undecidable", [denyLoopback({ condition: 'request.headers["x-region"] == "blocked"' }), anonymous]),
    server("when-mcp", [
      anonymous,
      { kind: "authorize-by-role", condition: 'mcp.method == "tools/call"', config: { roles: [{ role: "anonymous", condition: 'mcp.tool == "echo"' }] } },
    ]),
    server("disabled-rule", [denyLoopback({ enabled: false }), anonymous]),
    server("switched-off", [anonymous], { enabled: false }),
    server("toggled", [anonymous]),
    server("no-policy", null),
    server("unenforceable", [{ kind: "http-redirect", config: { status: "302", targetUrl: "https://new.example.com/" } }, anonymous]),
  ]);
});

afterAll(async () => {
  await gateway?.close();
  await recorder?.close();
  await upstream?.stop();
});

beforeEach(() => {
  recorder.requests.length = 0;
});

async function expectServed(response: Response): Promise<void> {
  expect(response.status).toBe(200);
  await response.text();
}

/** Sends a POST's headers with a Content-Length but never its body; resolves with the answer that comes anyway. */
function postWithoutBody(url: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: "POST", headers: { "content-type": "application/json", accept: MCP_ACCEPT, "content-length": "100" } }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => {
        request.destroy();
        resolve(asResponse(response.statusCode!, response.headers, text));
      });
    });
    request.on("error", reject);
    request.flushHeaders();
  });
}

describe("a rule's When condition", () => {
  it("skips the rule when the condition is false and applies it when true", async () => {
    await expectServed(await postMcp(gateway.url("when-header"), initializeMessage()));
    await expectServed(await postMcp(gateway.url("when-header"), initializeMessage(), { "x-region": "eu" }));
    await expectRefusal(await postMcp(gateway.url("when-header"), initializeMessage(), { "x-region": "blocked" }), {
      status: 403,
      code: -32003,
      id: null,
      message: "Requests from your address are not allowed",
    });
  });

  it("applies the rule when the condition cannot be evaluated, so that a restriction does not fall away", async () => {
    await expectRefusal(await postMcp(gateway.url("when-undecidable"), initializeMessage()), { status: 403, code: -32003, id: null });
    expect(gateway.logs.at(-1)?.details.state?.trace).toContainEqual(expect.objectContaining({ kind: "ip-restriction", reason: expect.stringMatching(/^condition failed .*; rule applied$/) }));
    await expectServed(await postMcp(gateway.url("when-undecidable"), initializeMessage(), { "x-region": "eu" }));
  });

  it("sees the MCP call in rules after the body is read", async () => {
    const session = { "mcp-session-id": await openSession(gateway.url("when-mcp")) };
    const echoed = await postMcp(gateway.url("when-mcp"), toolCallMessage(2, "echo", { message: "when" }), session);
    expect(echoed.status).toBe(200);
    expect(await rpcMessages(echoed)).toMatchObject([{ id: 2, result: { content: [{ text: "Echo: when" }] } }]);
    await expectRefusal(await postMcp(gateway.url("when-mcp"), toolCallMessage(3, "get-sum", { a: 1, b: 2 }), session), {
      status: 403,
      code: -32003,
      id: 3,
      message: "You are not allowed to call the tool get-sum",
    });
  });

  it("skips a disabled rule, and says so in the trace", async () => {
    await expectServed(await postMcp(gateway.url("disabled-rule"), initializeMessage()));
    expect(gateway.logs.at(-1)?.details.state?.trace).toContainEqual(expect.objectContaining({ kind: "ip-restriction", outcome: "disabled" }));
  });
});

describe("Mcp-Method and Mcp-Name headers", () => {
  it("passes headers that agree with the body", async () => {
    await expectServed(await postMcp(gateway.url("open"), initializeMessage(), { "mcp-method": "initialize" }));
  });

  it("refuses an Mcp-Method that disagrees with the body with 400 and the request's id", async () => {
    await expectRefusal(await postMcp(gateway.url("open"), initializeMessage(8), { "mcp-method": "tools/list" }), {
      status: 400,
      code: -32020,
      id: 8,
      message: "Mcp-Method says tools/list but the body calls initialize",
    });
    expect(recorder.requests).toEqual([]);
  });

  it("refuses an Mcp-Name that disagrees with the tool the body calls", async () => {
    await expectRefusal(await postMcp(gateway.url("open"), toolCallMessage("call-9", "get-env"), { "mcp-method": "tools/call", "mcp-name": "echo" }), {
      status: 400,
      code: -32020,
      id: "call-9",
      message: "Mcp-Name says echo but the body names get-env",
    });
    expect(recorder.requests).toEqual([]);
  });
});

describe("requests refused before any rule", () => {
  it("refuses a body that is not JSON with 400 -32700 and no id", async () => {
    const response = await fetch(gateway.url("open"), { method: "POST", headers: { "content-type": "application/json", accept: MCP_ACCEPT }, body: '{"jsonrpc":"2.0","id":1,' });
    await expectRefusal(response, { status: 400, code: -32700, id: null, message: "The request body is not valid JSON" });
  });

  it("refuses JSON that is not a JSON-RPC 2.0 message with 400 -32600", async () => {
    await expectRefusal(await postMcp(gateway.url("open"), { id: 4, method: "initialize" }), { status: 400, code: -32600, id: 4 });
    await expectRefusal(await postMcp(gateway.url("open"), []), { status: 400, code: -32600, id: null, message: "A JSON-RPC batch must be a non-empty array of messages" });
  });

  it("answers an unknown server with 404", async () => {
    await expectRefusal(await postMcp(gateway.url("nowhere"), initializeMessage()), { status: 404, code: -32004, id: null, message: "No MCP server is registered at /mcp/nowhere" });
    await expectRefusal(await fetch(`${gateway.origin}/mcp/open/extra`), { status: 404, code: -32004, id: null });
  });

  it("answers a disabled server with 503 at once, without reading the body or calling the upstream", async () => {
    await expectRefusal(await postWithoutBody(gateway.url("switched-off")), { status: 503, code: -32006, id: null, message: "The MCP server switched-off is disabled" });
    expect(recorder.requests).toEqual([]);
  });

  it("follows a server being disabled and enabled again", async () => {
    await expectServed(await postMcp(gateway.url("toggled"), initializeMessage()));
    gateway.put(server("toggled", [anonymous], { enabled: false }));
    await expectRefusal(await postMcp(gateway.url("toggled"), initializeMessage()), { status: 503, code: -32006, id: null });
    gateway.put(server("toggled", [anonymous]));
    await expectServed(await postMcp(gateway.url("toggled"), initializeMessage()));
  });

  it("answers a server without a policy with 503", async () => {
    await expectRefusal(await postMcp(gateway.url("no-policy"), initializeMessage()), {
      status: 503,
      code: -32006,
      id: null,
      message: "The MCP server no-policy cannot serve: no policy is attached",
    });
    expect(recorder.requests).toEqual([]);
  });

  it("answers a server whose policy cannot be enforced for MCP with 503", async () => {
    await expectRefusal(await postMcp(gateway.url("unenforceable"), initializeMessage()), {
      status: 503,
      code: -32006,
      id: null,
      message: /^The MCP server unenforceable cannot serve: its policy cannot be enforced: /,
    });
  });

  it("refuses a method MCP Streamable HTTP does not use with 405 and Allow", async () => {
    const response = await fetch(gateway.url("open"), { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(initializeMessage()) });
    expect(response.headers.get("allow")).toBe("GET, POST, DELETE, OPTIONS");
    await expectRefusal(response, { status: 405, code: -32005, id: null, message: "PUT is not an MCP Streamable HTTP method" });
    expect(recorder.requests).toEqual([]);
  });
});
