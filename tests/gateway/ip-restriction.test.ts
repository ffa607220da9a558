import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startGateway, type GatewayHarness, type HarnessServer } from "../helpers/gateway-harness";
import { expectRefusal, initializeMessage, postMcp } from "../helpers/mcp-requests";
import { startRecordingProxy } from "../helpers/recording-proxy";
import { startServerEverything } from "../helpers/server-everything";

/**
 * IP Restriction against the client address as the gateway determines it: the TCP peer
 * (127.0.0.1 here), and X-Forwarded-For or Forwarded only when the peer is a trusted proxy.
 */
let upstream: Awaited<ReturnType<typeof startServerEverything>>;
let recorder: Awaited<ReturnType<typeof startRecordingProxy>>;
let direct: GatewayHarness;
let behindProxy: GatewayHarness;
let behindTwoProxies: GatewayHarness;

const entries = (...addresses: string[]) => addresses.map((address) => ({ address }));

function servers(upstreamUrl: string): HarnessServer[] {
  const restricted = (slug: string, config: Record<string, unknown>): HarnessServer => ({
    slug,
    upstreamUrl,
    rules: [{ kind: "ip-restriction", config }, { kind: "anonymous-authenticator", config: {} }],
  });
  return [
    restricted("loopback-allowed", { allowlist: entries("127.0.0.1") }),
    restricted("private-allowed", { allowlist: entries("10.0.0.0/8") }),
    restricted("deny-wins", { allowlist: entries("127.0.0.0/8"), denylist: entries("127.0.0.1") }),
    restricted("loopback-denied", { denylist: entries("127.0.0.1") }),
    restricted("private-denied", { denylist: entries("10.0.0.0/8") }),
  ];
}

beforeAll(async () => {
  upstream = await startServerEverything();
  recorder = await startRecordingProxy(upstream.url);
  direct = await startGateway(servers(recorder.url));
  behindProxy = await startGateway(servers(recorder.url), { trustedProxies: "127.0.0.1/32" });
  behindTwoProxies = await startGateway(servers(recorder.url), { trustedProxies: "127.0.0.1/32, 192.0.2.0/24" });
});

afterAll(async () => {
  await direct?.close();
  await behindProxy?.close();
  await behindTwoProxies?.close();
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

async function expectAddressRefused(response: Response): Promise<void> {
  await expectRefusal(response, { status: 403, code: -32003, id: null, message: "Requests from your address are not allowed" });
}

describe("IP Restriction, clients connecting directly", () => {
  it("lets in the client at 127.0.0.1 when it is on the allowlist, and tells the upstream its address", async () => {
    await expectServed(await postMcp(direct.url("loopback-allowed"), initializeMessage()));
    expect(recorder.requests).toHaveLength(1);
    expect(recorder.requests[0]!.headers["x-forwarded-for"]).toBe("127.0.0.1");
  });

  it("refuses a client that is not on the allowlist with 403, before the upstream sees anything", async () => {
    await expectAddressRefused(await postMcp(direct.url("private-allowed"), initializeMessage(4)));
    expect(recorder.requests).toEqual([]);
  });

  it("refuses a client on the denylist even when the allowlist includes it: deny wins", async () => {
    await expectAddressRefused(await postMcp(direct.url("deny-wins"), initializeMessage()));
  });

  it("lets in a client that is not on the denylist", async () => {
    await expectServed(await postMcp(direct.url("private-denied"), initializeMessage()));
  });

  it("ignores a forged X-Forwarded-For or Forwarded from a peer that is not a trusted proxy", async () => {
    await expectAddressRefused(await postMcp(direct.url("private-allowed"), initializeMessage(), { "x-forwarded-for": "10.1.2.3" }));
    await expectAddressRefused(await postMcp(direct.url("private-allowed"), initializeMessage(), { forwarded: "for=10.1.2.3" }));
    await expectAddressRefused(await postMcp(direct.url("loopback-denied"), initializeMessage(), { "x-forwarded-for": "10.1.2.3" }));
    expect(recorder.requests).toEqual([]);

    await expectServed(await postMcp(direct.url("loopback-allowed"), initializeMessage(), { "x-forwarded-for": "10.1.2.3" }));
    expect(recorder.requests[0]!.headers["x-forwarded-for"]).toBe("127.0.0.1");
  });
});

describe("IP Restriction behind a trusted proxy (127.0.0.1/32)", () => {
  it("uses the address the proxy reports in X-Forwarded-For, and passes it upstream", async () => {
    await expectServed(await postMcp(behindProxy.url("private-allowed"), initializeMessage(), { "x-forwarded-for": "10.1.2.3" }));
    expect(recorder.requests[0]!.headers["x-forwarded-for"]).toBe("10.1.2.3");
    await expectAddressRefused(await postMcp(behindProxy.url("private-denied"), initializeMessage(), { "x-forwarded-for": "10.1.2.3" }));
    await expectServed(await postMcp(behindProxy.url("loopback-denied"), initializeMessage(), { "x-forwarded-for": "10.1.2.3" }));
  });

  it("uses the address in a Forwarded header (RFC 7239)", async () => {
    await expectServed(await postMcp(behindProxy.url("private-allowed"), initializeMessage(), { forwarded: 'for="10.1.2.3:4711";proto=https' }));
    await expectAddressRefused(await postMcp(behindProxy.url("private-allowed"), initializeMessage(), { forwarded: "for=192.0.2.7" }));
  });

  it("takes the peer itself when the proxy reports no client", async () => {
    await expectServed(await postMcp(behindProxy.url("loopback-allowed"), initializeMessage()));
    await expectAddressRefused(await postMcp(behindProxy.url("private-allowed"), initializeMessage()));
  });

  it("walks a chain right to left: the address the trusted proxy appended wins over what the client wrote before it", async () => {
    await expectServed(await postMcp(behindProxy.url("private-allowed"), initializeMessage(), { "x-forwarded-for": "192.0.2.7, 10.1.2.3" }));
    await expectAddressRefused(await postMcp(behindProxy.url("private-allowed"), initializeMessage(), { "x-forwarded-for": "10.1.2.3, 192.0.2.7" }));
  });

  it("walks past every trusted proxy of the chain to the client", async () => {
    await expectServed(await postMcp(behindTwoProxies.url("private-allowed"), initializeMessage(), { "x-forwarded-for": "10.1.2.3, 192.0.2.7" }));
    expect(recorder.requests[0]!.headers["x-forwarded-for"]).toBe("10.1.2.3");
    await expectAddressRefused(await postMcp(behindTwoProxies.url("private-allowed"), initializeMessage(), { "x-forwarded-for": "10.1.2.3, 198.51.100.9, 192.0.2.7" }));
  });
});
