import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type GatewayHarness } from "../helpers/gateway-harness";

/**
 * Event streams and tools/list filtering, against an upstream the test controls: it holds
 * back its second event until the test has received the first through the gateway, so a
 * gateway that buffered would never deliver it (the test would time out, not pass).
 */
const TOOLS = [
  { name: "public-search", description: "anyone", inputSchema: { type: "object" } },
  { name: "delete-everything", description: "admins only", inputSchema: { type: "object" } },
  { name: "transfer", description: "small amounts only", inputSchema: { type: "object" } },
];

let releaseSecondEvent: () => void = () => {};
let upstream: http.Server;
let upstreamUrl: string;
const seenAcceptEncoding: (string | undefined)[] = [];
let gateway: GatewayHarness;

function sse(res: http.ServerResponse) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  res.flushHeaders();
}

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    seenAcceptEncoding.push(req.headers["accept-encoding"]);
    if (req.method === "GET") {
      sse(res);
      return; // an idle standalone stream
    }
    let text = "";
    req.on("data", (chunk) => (text += chunk));
    req.on("end", () => {
      const message = JSON.parse(text) as { id: number; method: string };
      if (message.method === "test/two-events") {
        sse(res);
        res.write(`id: 1\ndata: ${JSON.stringify({ jsonrpc: "2.0", method: "notifications/progress", params: { progress: 1 } })}\n\n`);
        releaseSecondEvent = () => {
          res.write(`id: 2\ndata: ${JSON.stringify({ jsonrpc: "2.0", id: message.id, result: { done: true } })}\n\n`);
          res.end();
        };
        return;
      }
      const result = { jsonrpc: "2.0", id: message.id, result: { tools: TOOLS } };
      if (req.headers.accept?.includes("text/event-stream") && !req.headers["x-json"]) {
        sse(res);
        res.end(`event: message\ndata: ${JSON.stringify(result)}\n\n`);
      } else {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(result));
      }
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/mcp`;
  gateway = await startGateway(
    [
      {
        slug: "controlled",
        upstreamUrl,
        rules: [
          { kind: "api-key-authenticator", config: { keys: [{ description: "limited agent", roles: ["limited"] }, { description: "admin agent", roles: ["admin"] }] } },
          {
            kind: "authorize-by-role",
            config: {
              roles: [
                { role: "admin", condition: "true" },
                { role: "limited", condition: 'mcp.method != "tools/call" || mcp.tool == "public-search"' },
                { role: "limited", condition: 'mcp.tool == "transfer" && mcp.arguments.amount < 100' },
              ],
            },
          },
        ],
      },
    ],
    { sseKeepAliveMs: 300 },
  );
});

afterAll(async () => {
  await gateway?.close();
  upstream?.closeAllConnections();
  await new Promise((resolve) => upstream?.close(resolve));
});

function post(body: object, key: string, headers: Record<string, string> = {}) {
  return fetch(gateway.url("controlled"), {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "x-api-key": key, ...headers },
    body: JSON.stringify(body),
  });
}

async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, marker: string): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  while (!text.includes(marker)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  return text;
}

describe("event streams", () => {
  it("delivers each event as it comes: the second is only sent after the first arrived", async () => {
    const response = await post({ jsonrpc: "2.0", id: 7, method: "test/two-events" }, gateway.keys("controlled")[1]!, { "accept-encoding": "gzip, br" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    expect(response.headers.get("x-accel-buffering")).toBe("no");
    expect(response.headers.get("content-encoding")).toBeNull();
    const reader = response.body!.getReader();

    const first = await readUntil(reader, "\n\n");
    expect(first).toContain('"progress":1');
    expect(first).not.toContain('"done"');

    releaseSecondEvent();
    const rest = await readUntil(reader, '"done":true');
    expect(rest).toContain('"id":7');
    expect(seenAcceptEncoding.at(-1)).toBe("identity");
  });

  it("keeps an idle stream alive with comment lines", async () => {
    const response = await fetch(gateway.url("controlled"), { headers: { accept: "text/event-stream", "x-api-key": gateway.keys("controlled")[1]! } });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const text = await readUntil(reader, ": keep-alive\n\n");
    expect(text).toBe(": keep-alive\n\n");
    await reader.cancel();
  });
});

describe("tools/list shows only the tools the caller could call", () => {
  const names = (body: { result: { tools: { name: string }[] } }) => body.result.tools.map((tool) => tool.name);

  it("filters a JSON response", async () => {
    const response = await post({ jsonrpc: "2.0", id: 1, method: "tools/list" }, gateway.keys("controlled")[0]!, { "x-json": "1" });
    expect(response.status).toBe(200);
    const body = await response.json();
    // "transfer" stays: whether it may be called depends on the call's arguments.
    expect(names(body)).toEqual(["public-search", "transfer"]);
    expect(Number(response.headers.get("content-length"))).toBe(Buffer.byteLength(JSON.stringify(body)));
  });

  it("filters an event-stream response", async () => {
    const response = await post({ jsonrpc: "2.0", id: 2, method: "tools/list" }, gateway.keys("controlled")[0]!);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const text = await response.text();
    expect(text.startsWith("event: message\n")).toBe(true);
    const data = JSON.parse(text.split("\n").find((line) => line.startsWith("data: "))!.slice(6));
    expect(names(data)).toEqual(["public-search", "transfer"]);
  });

  it("shows everything to a caller allowed everything", async () => {
    const response = await post({ jsonrpc: "2.0", id: 3, method: "tools/list" }, gateway.keys("controlled")[1]!, { "x-json": "1" });
    expect(names(await response.json())).toEqual(TOOLS.map((tool) => tool.name));
  });

  it("still refuses the hidden tool when it is called anyway", async () => {
    const response = await post({ jsonrpc: "2.0", id: 4, method: "tools/call", params: { name: "delete-everything", arguments: {} } }, gateway.keys("controlled")[0]!);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ jsonrpc: "2.0", id: 4, error: { code: -32003, message: "You are not allowed to call the tool delete-everything" } });
  });

  it("decides argument-dependent tools on the call itself", async () => {
    const key = gateway.keys("controlled")[0]!;
    const small = await post({ jsonrpc: "2.0", id: 5, method: "tools/call", params: { name: "transfer", arguments: { amount: 10 } } }, key, { "x-json": "1" });
    expect(small.status).toBe(200);
    const large = await post({ jsonrpc: "2.0", id: 6, method: "tools/call", params: { name: "transfer", arguments: { amount: 1000 } } }, key);
    expect(large.status).toBe(403);
  });
});
