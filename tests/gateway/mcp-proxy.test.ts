import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { CallToolResultSchema, type Progress } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type GatewayHarness } from "../helpers/gateway-harness";
import { startRecordingProxy } from "../helpers/recording-proxy";
import { startServerEverything } from "../helpers/server-everything";

/**
 * The real MCP SDK client talks to the real server-everything through the gateway, with a
 * policy that lets it in: everything MCP Streamable HTTP does must work as if direct.
 */
let upstream: Awaited<ReturnType<typeof startServerEverything>>;
let recorder: Awaited<ReturnType<typeof startRecordingProxy>>;
let gateway: GatewayHarness;

const KEY_RULES = [
  { kind: "api-key-authenticator", config: { keys: [{ description: "test agent", roles: ["agent"] }], queryParameters: ["api_key"] } },
  { kind: "authorize-by-role", config: { roles: [{ role: "agent", condition: "true" }] } },
];

beforeAll(async () => {
  upstream = await startServerEverything();
  recorder = await startRecordingProxy(upstream.url);
  gateway = await startGateway([
    { slug: "everything", upstreamUrl: upstream.url, rules: KEY_RULES },
    { slug: "recorded", upstreamUrl: recorder.url, rules: KEY_RULES },
  ]);
});

afterAll(async () => {
  await gateway?.close();
  await recorder?.close();
  await upstream?.stop();
});

async function connect(slug: string, headers: Record<string, string> = { "x-api-key": gateway.keys(slug)[0]! }, query = "") {
  const client = new Client({ name: "gatehouse-test", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(gateway.url(slug) + query), { requestInit: { headers } });
  await client.connect(transport);
  return { client, transport };
}

describe("MCP Streamable HTTP through the gateway", () => {
  it("initializes a session and lists and calls tools", async () => {
    const { client, transport } = await connect("everything");
    expect(client.getServerVersion()?.name).toMatch(/everything/i);
    expect(transport.sessionId).toBeTruthy();

    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(["echo", "get-sum", "trigger-long-running-operation"]));

    const echoed = await client.callTool({ name: "echo", arguments: { message: "through the gate" } });
    expect(JSON.stringify(echoed.content)).toContain("through the gate");
    const sum = await client.callTool({ name: "get-sum", arguments: { a: 2, b: 40 } });
    expect(JSON.stringify(sum.content)).toContain("42");
    await client.close();
  });

  it("serves the same server at /mcp/<slug>/mcp, the only form the MCP Inspector CLI can reach", async () => {
    const client = new Client({ name: "inspector-like", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${gateway.url("everything")}/mcp`), { requestInit: { headers: { "x-api-key": gateway.keys("everything")[0]! } } }));
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    await client.close();
    const nested = await fetch(`${gateway.url("everything")}/mcp/extra`, { method: "POST" });
    expect(nested.status).toBe(404);
  });

  it("streams progress notifications one by one, before the result", async () => {
    const { client } = await connect("everything");
    const events: string[] = [];
    let settled = false;
    const call = client
      .request(
        { method: "tools/call", params: { name: "trigger-long-running-operation", arguments: { duration: 1.5, steps: 3 } } },
        CallToolResultSchema,
        {
          onprogress: (progress: Progress) => {
            // Each notification must arrive while the call is still running: nothing is held back.
            events.push(`progress ${progress.progress}/${progress.total}${settled ? " (late)" : ""}`);
          },
        },
      )
      .then((result) => {
        settled = true;
        events.push("result");
        return result;
      });
    const result = await call;
    expect(events).toEqual(["progress 1/3", "progress 2/3", "progress 3/3", "result"]);
    expect(JSON.stringify(result.content)).toContain("Long running operation completed");
    await client.close();
  });

  it("serves resources and prompts", async () => {
    const { client } = await connect("everything");
    const { resources } = await client.listResources();
    expect(resources.length).toBeGreaterThan(0);
    const read = await client.readResource({ uri: resources[0]!.uri });
    expect(read.contents.length).toBeGreaterThan(0);

    const { prompts } = await client.listPrompts();
    const simple = prompts.find((prompt) => !prompt.arguments?.some((argument) => argument.required));
    expect(simple).toBeDefined();
    const prompt = await client.getPrompt({ name: simple!.name });
    expect(prompt.messages.length).toBeGreaterThan(0);
    await client.close();
  });

  it("ends a session with DELETE, after which the session is gone upstream", async () => {
    const { client, transport } = await connect("everything");
    const sessionId = transport.sessionId!;
    await transport.terminateSession();
    expect(transport.sessionId).toBeUndefined();

    const after = await fetch(gateway.url("everything"), {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-session-id": sessionId,
        "x-api-key": gateway.keys("everything")[0]!,
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 9, method: "tools/list" }),
    });
    // server-everything answers a request for an unknown session with 400 "No valid session ID".
    expect(after.status).toBe(400);
    expect(await after.text()).toMatch(/session/i);
    await client.close();
  });

  it("passes session and protocol headers but never the caller's credentials", async () => {
    const key = gateway.keys("recorded")[0]!;
    const { client, transport } = await connect("recorded", { "x-api-key": key, cookie: "next-auth.session-token=console-session" });
    await client.listTools();
    await client.close();
    const { client: viaQuery } = await connect("recorded", {}, `?api_key=${key}&keep=1`);
    await viaQuery.listTools();
    await viaQuery.close();

    expect(recorder.requests.length).toBeGreaterThanOrEqual(4);
    for (const seen of recorder.requests) {
      expect(seen.headers["x-api-key"]).toBeUndefined();
      expect(seen.headers.authorization).toBeUndefined();
      expect(seen.headers.cookie).toBeUndefined();
      expect(seen.url).not.toContain(key);
      expect(JSON.stringify(seen.headers)).not.toContain(key);
      expect(seen.headers["x-forwarded-for"]).toBe("127.0.0.1");
    }
    const listCall = recorder.requests.find((seen) => seen.body.includes('"tools/list"') && seen.headers["mcp-session-id"] === transport.sessionId);
    expect(listCall?.headers["mcp-protocol-version"]).toBeTruthy();
    expect(recorder.requests.some((seen) => seen.url.includes("keep=1"))).toBe(true);
  });
});
