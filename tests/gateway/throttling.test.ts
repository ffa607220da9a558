import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type GatewayHarness } from "../helpers/gateway-harness";
import { expectRefusal, initializeMessage, postMcp, toolCallMessage } from "../helpers/mcp-requests";
import { startServerEverything } from "../helpers/server-everything";

/**
 * Client Throttling: counted per caller (an API key, or the client address of an anonymous
 * caller), in the first tier whose condition holds or else the default tier; over the limit,
 * 429 with Retry-After and the RateLimit headers (draft-ietf-httpapi-ratelimit-headers).
 */
let upstream: Awaited<ReturnType<typeof startServerEverything>>;
let gateway: GatewayHarness;
let behindProxy: GatewayHarness;

const throttling = (config: Record<string, unknown>) => ({ kind: "client-throttling", config: { tiers: [], defaultPeriod: "minute", ...config } });
const apiKeys = (...keys: { description: string; roles?: string[] }[]) => ({ kind: "api-key-authenticator", config: { keys } });

beforeAll(async () => {
  upstream = await startServerEverything();
  gateway = await startGateway([
    { slug: "two-per-minute", upstreamUrl: upstream.url, rules: [apiKeys({ description: "first" }, { description: "second" }), throttling({ defaultLimit: 2 })] },
    {
      slug: "tiers",
      upstreamUrl: upstream.url,
      rules: [
        apiKeys({ description: "gold customer", roles: ["gold"] }, { description: "free customer", roles: ["free"] }),
        throttling({ tiers: [{ name: "gold", condition: '"gold" in user.roles', limit: 3, period: "hour" }], defaultLimit: 1 }),
      ],
    },
    {
      slug: "refusals-not-counted",
      upstreamUrl: upstream.url,
      rules: [
        apiKeys({ description: "reader", roles: ["reader"] }),
        { kind: "authorize-by-role", config: { roles: [{ role: "reader", condition: 'mcp.method == "initialize"' }] } },
        throttling({ defaultLimit: 1 }),
      ],
    },
  ]);
  behindProxy = await startGateway(
    [{ slug: "anonymous", upstreamUrl: upstream.url, rules: [{ kind: "anonymous-authenticator", config: {} }, throttling({ defaultLimit: 1 })] }],
    { trustedProxies: "127.0.0.1/32" },
  );
});

afterAll(async () => {
  await gateway?.close();
  await behindProxy?.close();
  await upstream?.stop();
});

const key = (slug: string, index: number) => ({ "x-api-key": gateway.keys(slug)[index]! });

/** Asserts a served request and returns its RateLimit headers. */
async function served(response: Response): Promise<{ policy: string | null; limit: string | null }> {
  expect(response.status).toBe(200);
  await response.text();
  return { policy: response.headers.get("ratelimit-policy"), limit: response.headers.get("ratelimit") };
}

async function expectThrottled(response: Response, id: number | string, tier: string, quota: number, window: number): Promise<void> {
  expect(response.headers.get("ratelimit-policy")).toBe(`"${tier}";q=${quota};w=${window}`);
  const retryAfter = Number(response.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(window);
  expect(response.headers.get("ratelimit")).toBe(`"${tier}";r=0;t=${retryAfter}`);
  await expectRefusal(response, {
    status: 429,
    code: -32029,
    id,
    message: `Too many requests: the limit is ${quota} per ${window} seconds; retry in ${retryAfter} s`,
  });
}

describe("Client Throttling", () => {
  it("serves two calls a minute, with the RateLimit headers, and refuses the third with 429; another key has its own count", async () => {
    const first = await served(await postMcp(gateway.url("two-per-minute"), initializeMessage(1), key("two-per-minute", 0)));
    expect(first.policy).toBe('"default";q=2;w=60');
    expect(first.limit).toMatch(/^"default";r=1;t=\d+$/);
    const second = await served(await postMcp(gateway.url("two-per-minute"), initializeMessage(2), key("two-per-minute", 0)));
    expect(second.limit).toMatch(/^"default";r=0;t=\d+$/);

    await expectThrottled(await postMcp(gateway.url("two-per-minute"), initializeMessage(3), key("two-per-minute", 0)), 3, "default", 2, 60);

    // Counted per caller: another key has its own count.
    const other = await served(await postMcp(gateway.url("two-per-minute"), initializeMessage(), key("two-per-minute", 1)));
    expect(other.limit).toMatch(/^"default";r=1;t=\d+$/);
  });

  it("counts an anonymous caller by its client address", async () => {
    const from = (address: string) => ({ "x-forwarded-for": address });
    await served(await postMcp(behindProxy.url("anonymous"), initializeMessage(), from("10.0.0.1")));
    await expectThrottled(await postMcp(behindProxy.url("anonymous"), initializeMessage(7), from("10.0.0.1")), 7, "default", 1, 60);
    await served(await postMcp(behindProxy.url("anonymous"), initializeMessage(), from("10.0.0.2")));
  });

  it("chooses the first tier whose condition holds", async () => {
    for (let call = 1; call <= 3; call++) {
      const { policy, limit } = await served(await postMcp(gateway.url("tiers"), initializeMessage(call), key("tiers", 0)));
      expect(policy).toBe('"gold";q=3;w=3600');
      expect(limit).toMatch(new RegExp(`^"gold";r=${3 - call};t=\\d+$`));
    }
    await expectThrottled(await postMcp(gateway.url("tiers"), initializeMessage(4), key("tiers", 0)), 4, "gold", 3, 3600);
  });

  it("puts a caller no tier matches in the default tier", async () => {
    const { policy } = await served(await postMcp(gateway.url("tiers"), initializeMessage(), key("tiers", 1)));
    expect(policy).toBe('"default";q=1;w=60');
    await expectThrottled(await postMcp(gateway.url("tiers"), initializeMessage(2), key("tiers", 1)), 2, "default", 1, 60);
  });

  it("does not count requests refused before the shape phase", async () => {
    const reader = key("refusals-not-counted", 0);
    await expectRefusal(await postMcp(gateway.url("refusals-not-counted"), toolCallMessage(1, "echo", { message: "no" }), reader), { status: 403, code: -32003, id: 1 });
    await expectRefusal(await postMcp(gateway.url("refusals-not-counted"), toolCallMessage(2, "echo", { message: "no" }), reader), { status: 403, code: -32003, id: 2 });
    await served(await postMcp(gateway.url("refusals-not-counted"), initializeMessage(), reader));
    await expectThrottled(await postMcp(gateway.url("refusals-not-counted"), initializeMessage(4), reader), 4, "default", 1, 60);
  });
});
