import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startGateway, type GatewayHarness } from "../helpers/gateway-harness";
import { asResponse, expectRefusal, initializeMessage, MCP_ACCEPT, postMcp } from "../helpers/mcp-requests";
import { startRecordingProxy } from "../helpers/recording-proxy";
import { startServerEverything } from "../helpers/server-everything";

/**
 * Request Size Limit: a declared Content-Length over the limit is refused before a byte of
 * the body is read; a body without one is counted while it streams and cut at the limit.
 */
let upstream: Awaited<ReturnType<typeof startServerEverything>>;
let recorder: Awaited<ReturnType<typeof startRecordingProxy>>;
let gateway: GatewayHarness;

const LIMIT = 512;
const DEFAULT_LIMIT = 2048;
const anonymous = { kind: "anonymous-authenticator", config: {} };

beforeAll(async () => {
  upstream = await startServerEverything();
  recorder = await startRecordingProxy(upstream.url);
  gateway = await startGateway(
    [
      { slug: "limited", upstreamUrl: recorder.url, rules: [{ kind: "request-size-limit", config: { maxBytes: LIMIT } }, anonymous] },
      { slug: "above-default", upstreamUrl: recorder.url, rules: [{ kind: "request-size-limit", config: { maxBytes: 100_000 } }, anonymous] },
      { slug: "unlimited", upstreamUrl: recorder.url, rules: [anonymous] },
    ],
    { defaultMaxBodyBytes: DEFAULT_LIMIT },
  );
});

afterAll(async () => {
  await gateway?.close();
  await recorder?.close();
  await upstream?.stop();
});

beforeEach(() => {
  recorder.requests.length = 0;
});

/** An initialize request whose JSON body is exactly `size` bytes long. */
function bodyOfSize(size: number): string {
  const empty = JSON.stringify(initializeMessage(1, { padding: "" }));
  const body = JSON.stringify(initializeMessage(1, { padding: "x".repeat(size - empty.length) }));
  expect(body).toHaveLength(size);
  return body;
}

/** Sends headers (and any chunks) but never ends the body; resolves with the answer that comes anyway. */
function requestWithoutEnd(url: string, headers: Record<string, string>, chunks: string[]): Promise<Response> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: "POST", headers: { "content-type": "application/json", accept: MCP_ACCEPT, ...headers } }, (response) => {
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
    for (const chunk of chunks) request.write(chunk);
  });
}

/** Writes a request as raw bytes, for headers that HTTP clients refuse to send. */
function rawRequest(port: number, head: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(head));
    let raw = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => (raw += chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      const [headText, body = ""] = raw.split("\r\n\r\n", 2);
      const [statusLine, ...lines] = headText!.split("\r\n");
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]));
      resolve(asResponse(Number(statusLine!.split(" ")[1]), headers, body));
    });
  });
}

describe("Request Size Limit", () => {
  it("passes a body within the limit, byte for byte", async () => {
    const body = bodyOfSize(LIMIT);
    const response = await fetch(gateway.url("limited"), { method: "POST", headers: { "content-type": "application/json", accept: MCP_ACCEPT }, body });
    expect(response.status).toBe(200);
    await response.text();
    expect(recorder.requests).toHaveLength(1);
    expect(recorder.requests[0]!.body).toBe(body);
    expect(recorder.requests[0]!.headers["content-length"]).toBe(String(LIMIT));
  });

  it("refuses a Content-Length over the limit with 413 before the body is sent, and closes the connection for a large one", async () => {
    const response = await requestWithoutEnd(gateway.url("limited"), { "content-length": String(5 * 1024 * 1024) }, []);
    expect(response.headers.get("connection")).toBe("close");
    await expectRefusal(response, { status: 413, code: -32013, id: null, message: "The request body is larger than this server accepts (512 bytes)" });
    expect(recorder.requests).toEqual([]);
  });

  it("keeps the connection after refusing a small body over the limit (it is drained, not read)", async () => {
    const response = await requestWithoutEnd(gateway.url("limited"), { "content-length": String(LIMIT + 1) }, []);
    expect(response.headers.get("connection")).toBe("keep-alive");
    await expectRefusal(response, { status: 413, code: -32013, id: null, message: "The request body is larger than this server accepts (512 bytes)" });
    expect(recorder.requests).toEqual([]);
  });

  it("refuses an invalid Content-Length with 400", async () => {
    const port = Number(new URL(gateway.origin).port);
    const response = await rawRequest(
      port,
      `POST /mcp/limited HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 12345678901234567890\r\nConnection: close\r\n\r\n`,
    );
    await expectRefusal(response, { status: 400, code: -32600, id: null, message: "Content-Length is not a valid length" });
    expect(recorder.requests).toEqual([]);
  });

  it("cuts a chunked body at the limit with 413, without waiting for its end", async () => {
    const response = await requestWithoutEnd(gateway.url("limited"), {}, ["[".padEnd(300, " "), " ".repeat(300)]);
    expect(response.headers.get("connection")).toBe("close");
    await expectRefusal(response, { status: 413, code: -32013, id: null });
    expect(recorder.requests).toEqual([]);
  });

  it("refuses a streamed fetch body over the limit with 413", async () => {
    const chunks = [bodyOfSize(LIMIT + 200).slice(0, 300), bodyOfSize(LIMIT + 200).slice(300)].map((part) => new TextEncoder().encode(part));
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    const response = await fetch(gateway.url("limited"), { method: "POST", headers: { "content-type": "application/json", accept: MCP_ACCEPT }, body, duplex: "half" } as RequestInit);
    await expectRefusal(response, { status: 413, code: -32013, id: null });
    expect(recorder.requests).toEqual([]);
  });

  it("passes a streamed fetch body within the limit", async () => {
    const text = bodyOfSize(LIMIT - 10);
    const chunks = [text.slice(0, 100), text.slice(100)].map((part) => new TextEncoder().encode(part));
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    const response = await fetch(gateway.url("limited"), { method: "POST", headers: { "content-type": "application/json", accept: MCP_ACCEPT }, body, duplex: "half" } as RequestInit);
    expect(response.status).toBe(200);
    await response.text();
    expect(recorder.requests[0]!.body).toBe(text);
  });

  it("treats a client that disconnects mid-body as a failed request, not as a gateway failure", async () => {
    const failures = vi.spyOn(console, "error");
    const logged = gateway.logs.length;
    const request = http.request(gateway.url("limited"), { method: "POST", headers: { "content-type": "application/json", "content-length": "100" } });
    request.on("error", () => {});
    // Once written to the socket, the headers and the start of the body reach the gateway before the close does.
    await new Promise((resolve) => request.write('{"jsonrpc":"2.0",', resolve));
    request.destroy();
    await vi.waitFor(() => expect(gateway.logs.length).toBe(logged + 1));
    expect(gateway.logs.at(-1)).toMatchObject({ status: 400, details: { decision: "denied" } });
    expect(failures).not.toHaveBeenCalled();
    failures.mockRestore();
    expect(recorder.requests).toEqual([]);
  });

  it("applies the gateway's default limit when the policy sets none", async () => {
    const within = await postMcp(gateway.url("unlimited"), JSON.parse(bodyOfSize(DEFAULT_LIMIT)));
    expect(within.status).toBe(200);
    await within.text();
    await expectRefusal(await postMcp(gateway.url("unlimited"), JSON.parse(bodyOfSize(DEFAULT_LIMIT + 1))), {
      status: 413,
      code: -32013,
      id: null,
      message: "The request body is larger than this server accepts (2,048 bytes)",
    });
  });

  it("never raises the gateway's default limit above its own", async () => {
    await expectRefusal(await postMcp(gateway.url("above-default"), JSON.parse(bodyOfSize(DEFAULT_LIMIT + 1))), { status: 413, code: -32013, id: null });
  });
});
