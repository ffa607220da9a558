import net from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startGateway, type GatewayHarness } from "../helpers/gateway-harness";
import { expectRefusal, initializeMessage, postMcp, toolCallMessage } from "../helpers/mcp-requests";
import { startSilentUpstream } from "../helpers/silent-upstream";

/**
 * What a caller gets when the upstream fails it: 502 when it cannot be reached, 504 when it
 * does not answer in time; and a caller that goes away cancels its upstream request.
 */
let silent: Awaited<ReturnType<typeof startSilentUpstream>>;
let gateway: GatewayHarness;

const anonymous = { kind: "anonymous-authenticator", config: {} };

/** A URL on a port that was just released, so nothing accepts connections there. */
async function closedPortUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/mcp`;
}

beforeAll(async () => {
  silent = await startSilentUpstream();
  gateway = await startGateway([
    { slug: "refused", upstreamUrl: await closedPortUrl(), rules: [anonymous] },
    { slug: "slow", upstreamUrl: silent.url, timeoutSeconds: 1, rules: [anonymous] },
    { slug: "patient", upstreamUrl: silent.url, timeoutSeconds: 60, rules: [anonymous] },
  ]);
});

afterAll(async () => {
  await gateway?.close();
  await silent?.close();
});

describe("upstream failures", () => {
  it("answers 502 with a JSON-RPC error carrying the request's id when the upstream refuses the connection", async () => {
    await expectRefusal(await postMcp(gateway.url("refused"), toolCallMessage(31, "echo", { message: "hello" })), {
      status: 502,
      code: -32002,
      id: 31,
      message: "The MCP server is not reachable (connection refused)",
    });
  });

  it("answers 504 when the upstream does not answer within the server's timeout, and gives up on it", async () => {
    const response = await postMcp(gateway.url("slow"), initializeMessage("slow-1"));
    await expectRefusal(response, { status: 504, code: -32007, id: "slow-1", message: "The MCP server did not answer within 1 s" });
    const [request] = silent.requests.slice(-1);
    expect(request).toMatchObject({ method: "POST", url: "/mcp" });
    await request!.abandoned;
  });

  it("cancels the upstream request when the client disconnects mid-request", async () => {
    const client = new AbortController();
    const arrived = silent.nextRequest();
    const pending = postMcp(gateway.url("patient"), initializeMessage(), {}, { signal: client.signal });
    const request = await arrived;

    let abandoned = false;
    void request.abandoned.then(() => (abandoned = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(abandoned).toBe(false);

    client.abort();
    await expect(pending).rejects.toThrow(/abort/i);
    await request.abandoned;
    await vi.waitFor(() => expect(gateway.logs.at(-1)).toMatchObject({ status: 499 }));
  });
});
