import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startApiGateway, type ApiGatewayHarness } from "../helpers/api-gateway-harness";
import { rawRequest } from "../helpers/http-requests";
import { anonymousRule, roleRule } from "../helpers/rule-inputs";
import { startScriptedUpstream, type Reply, type ScriptedUpstream } from "../helpers/scripted-upstream";

/**
 * Response Cache on an API service (issue #6): GET and HEAD 200 answers kept for the TTL,
 * keyed by method, path, query, the configured headers and parameters, and the caller unless
 * the rule says the response is public; Cache-Control honoured both ways; X-Cache says which.
 * The cache's clock is the test's, so TTLs pass without waiting.
 */
let upstream: ScriptedUpstream;
let gateway: ApiGatewayHarness;
let clock = 1_000_000;

const OPEN = [anonymousRule(), roleRule(["anonymous"])];
const KEYS = { kind: "api-key-authenticator", config: { keys: [{ description: "alice" }, { description: "bob" }] } };
const cacheRule = (config: Record<string, unknown> = {}) => ({ kind: "response-cache", config: { ttlSeconds: 60, ...config } });

beforeAll(async () => {
  upstream = await startScriptedUpstream();
  const service = (slug: string, rules: unknown[]) => ({ slug, upstreamBaseUrl: `${upstream.origin}/${slug}`, rules });
  gateway = await startApiGateway(
    [
      service("cached", [...OPEN, cacheRule()]),
      service("params", [...OPEN, cacheRule({ keyQueryParameters: ["page"], keyHeaders: ["Accept-Language"] })]),
      service("per-caller", [KEYS, cacheRule()]),
      service("public", [KEYS, cacheRule({ public: true })]),
      service("small", [...OPEN, cacheRule({ maxBodyBytes: 100 })]),
      service("transformed", [...OPEN, cacheRule(), { kind: "response-transformer", config: { addHeaders: [{ name: "X-Served-By", value: "gatehouse" }], removeHeaders: ["X-Internal"] } }]),
      service("uncached", OPEN),
      service("public-open", [...OPEN, cacheRule({ public: true })]),
      service("outbound", [...OPEN, cacheRule(), { kind: "outbound-bearer-token", config: { token: "service-token" } }]),
    ],
    { now: () => clock },
  );
});

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
});

beforeEach(() => {
  upstream.requests.length = 0;
});

/** GETs through the gateway: the status, X-Cache, the body, and the upstream's request number (`n` of the echo). */
async function get(slug: string, path: string, headers: Record<string, string> = {}, method = "GET") {
  const response = await fetch(gateway.url(slug, path), { method, headers });
  const body = await response.text();
  return { status: response.status, cache: response.headers.get("x-cache"), age: response.headers.get("age"), headers: response.headers, body, n: body.startsWith("{") ? (JSON.parse(body) as { n?: number }).n : undefined };
}

describe("hits and misses", () => {
  it("answers a repeated GET from the cache with X-Cache: HIT and Age, without asking the upstream", async () => {
    const first = await get("cached", "/items");
    expect(first).toMatchObject({ status: 200, cache: "MISS", age: null, n: 1 });
    clock += 5_000;
    const second = await get("cached", "/items");
    expect(second).toMatchObject({ status: 200, cache: "HIT", age: "5", body: first.body });
    expect(second.headers.get("content-type")).toBe("application/json");
    expect(upstream.requestsTo("/cached/items")).toHaveLength(1);
  });

  it("keys by path and query, whatever the order of the parameters", async () => {
    expect((await get("cached", "/query?a=1&b=2")).cache).toBe("MISS");
    expect((await get("cached", "/query?b=2&a=1")).cache).toBe("HIT");
    expect((await get("cached", "/query?a=1&b=3")).cache).toBe("MISS");
    expect((await get("cached", "/query-other?a=1&b=2")).cache).toBe("MISS");
    expect(upstream.requests).toHaveLength(3);
  });

  it("keys by the configured query parameters and headers only", async () => {
    expect((await get("params", "/list?page=1&utm=mail", { "accept-language": "en" })).cache).toBe("MISS");
    expect((await get("params", "/list?utm=web&page=1", { "accept-language": "en" })).cache).toBe("HIT");
    expect((await get("params", "/list?page=2", { "accept-language": "en" })).cache).toBe("MISS");
    expect((await get("params", "/list?page=1", { "accept-language": "de" })).cache).toBe("MISS");
    expect(upstream.requests).toHaveLength(3);
  });

  it("keeps one answer per value of the request headers the upstream's Vary names", async () => {
    upstream.script("/cached/greeting", [{ headers: { vary: "Accept-Language" } }]);
    expect(await get("cached", "/greeting", { "accept-language": "en" })).toMatchObject({ cache: "MISS", n: 1 });
    expect(await get("cached", "/greeting", { "accept-language": "de" })).toMatchObject({ cache: "MISS", n: 2 });
    expect(await get("cached", "/greeting", { "accept-language": "en" })).toMatchObject({ cache: "HIT", n: 1 });
    expect(await get("cached", "/greeting", { "accept-language": "de" })).toMatchObject({ cache: "HIT", n: 2 });
    expect(await get("cached", "/greeting")).toMatchObject({ cache: "MISS", n: 3 });
  });

  it("keeps an encoded answer per Accept-Encoding even when the upstream forgets Vary", async () => {
    // The upstream compresses for callers that accept gzip and says nothing in Vary.
    upstream.script("/cached/packed", [{ headers: { "content-encoding": "gzip" }, body: "gzip-bytes" }, { body: "plain" }]);
    const packed = await rawRequest(gateway.origin, "/apis/cached/packed", { headers: { "accept-encoding": "gzip" } });
    expect(packed).toMatchObject({ status: 200, body: "gzip-bytes" });
    expect(packed.headers["x-cache"]).toBe("MISS");
    const plain = await rawRequest(gateway.origin, "/apis/cached/packed", { headers: { "accept-encoding": "identity" } });
    expect(plain).toMatchObject({ status: 200, body: "plain" });
    expect(plain.headers["x-cache"]).toBe("MISS");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    const again = await rawRequest(gateway.origin, "/apis/cached/packed", { headers: { "accept-encoding": "gzip" } });
    expect(again).toMatchObject({ status: 200, body: "gzip-bytes" });
    expect(again.headers["x-cache"]).toBe("HIT");
    expect(upstream.requestsTo("/cached/packed")).toHaveLength(2);
  });

  it("keeps HEAD apart from GET, and answers a cached HEAD without a body", async () => {
    await upstream.script("/cached/head", [{ headers: { "x-size": "3" } }]);
    expect(await get("cached", "/head", {}, "HEAD")).toMatchObject({ status: 200, cache: "MISS", body: "" });
    const hit = await get("cached", "/head", {}, "HEAD");
    expect(hit).toMatchObject({ status: 200, cache: "HIT", body: "" });
    expect(hit.headers.get("x-size")).toBe("3");
    expect((await get("cached", "/head")).cache).toBe("MISS");
    expect(upstream.requests.map((request) => request.method)).toEqual(["HEAD", "GET"]);
  });

  it("expires an entry after the TTL, or sooner when the upstream's max-age is shorter", async () => {
    await get("cached", "/ttl");
    clock += 59_000;
    expect((await get("cached", "/ttl")).cache).toBe("HIT");
    clock += 1_000;
    expect(await get("cached", "/ttl")).toMatchObject({ cache: "MISS", n: 2 });

    upstream.script("/cached/short", [{ headers: { "cache-control": "max-age=10" } }]);
    await get("cached", "/short");
    clock += 9_000;
    expect((await get("cached", "/short")).cache).toBe("HIT");
    clock += 1_000;
    expect((await get("cached", "/short")).cache).toBe("MISS");
    // s-maxage is for shared caches like this one and wins over max-age.
    upstream.script("/cached/shared", [{ headers: { "cache-control": "max-age=1, s-maxage=30" } }]);
    await get("cached", "/shared");
    clock += 20_000;
    expect((await get("cached", "/shared")).cache).toBe("HIT");
  });

  it("starts afresh when the service is saved", async () => {
    await get("cached", "/saved");
    expect((await get("cached", "/saved")).cache).toBe("HIT");
    gateway.put({ slug: "cached", upstreamBaseUrl: `${upstream.origin}/cached`, rules: [...OPEN, cacheRule()] });
    expect((await get("cached", "/saved")).cache).toBe("MISS");
    expect(upstream.requestsTo("/cached/saved")).toHaveLength(2);
  });
});

describe("what is never cached", () => {
  it.each(["POST", "PUT", "PATCH", "DELETE"])("a %s (no X-Cache either)", async (method) => {
    for (let i = 0; i < 2; i++) {
      const response = await fetch(gateway.url("cached", "/write"), { method, body: "{}" });
      expect(response.status).toBe(200);
      expect(response.headers.get("x-cache")).toBeNull();
      await response.text();
    }
    expect(upstream.requestsTo("/cached/write")).toHaveLength(2);
  });

  it.each<{ name: string; reply: Reply }>([
    { name: "a 404", reply: { status: 404 } },
    { name: "a 201", reply: { status: 201 } },
    { name: "a 500", reply: { status: 500 } },
    { name: "Cache-Control: no-store", reply: { headers: { "cache-control": "no-store" } } },
    { name: "Cache-Control: private", reply: { headers: { "cache-control": "private, max-age=600" } } },
    { name: "Cache-Control: no-cache", reply: { headers: { "cache-control": "no-cache" } } },
    { name: "max-age=0", reply: { headers: { "cache-control": "max-age=0" } } },
    { name: "Vary: *", reply: { headers: { vary: "*" } } },
  ])("an answer with $name", async ({ reply }) => {
    const path = `/never-${upstream.requests.length}-${Math.random().toString(36).slice(2)}`;
    upstream.script(`/cached${path}`, [reply]);
    expect((await get("cached", path)).cache).toBe("MISS");
    expect((await get("cached", path)).cache).toBe("MISS");
    expect(upstream.requestsTo(`/cached${path}`)).toHaveLength(2);
  });

  it("a body larger than the rule allows, which still reaches the caller whole", async () => {
    const body = "x".repeat(500);
    upstream.script("/small/big", [{ body, headers: { "content-type": "text/plain" } }]);
    expect(await get("small", "/big")).toMatchObject({ cache: "MISS", body });
    expect(await get("small", "/big")).toMatchObject({ cache: "MISS", body });
    expect(upstream.requestsTo("/small/big")).toHaveLength(2);
  });

  it("nothing at all without the rule", async () => {
    expect((await get("uncached", "/items")).cache).toBeNull();
    expect((await get("uncached", "/items")).n).toBe(2);
  });
});

describe("the caller's Cache-Control", () => {
  it("no-store: goes upstream and leaves the cache alone", async () => {
    await get("cached", "/request-no-store", { "cache-control": "no-store" });
    expect((await get("cached", "/request-no-store")).cache).toBe("MISS");
    expect((await get("cached", "/request-no-store")).cache).toBe("HIT");
  });

  it("no-cache: goes upstream and stores the fresh answer", async () => {
    expect((await get("cached", "/refresh")).n).toBe(1);
    expect(await get("cached", "/refresh", { "cache-control": "no-cache" })).toMatchObject({ cache: "MISS", n: 2 });
    expect(await get("cached", "/refresh")).toMatchObject({ cache: "HIT", n: 2 });
  });
});

describe("callers", () => {
  it("never shares one caller's cached answer with another", async () => {
    const [alice, bob] = gateway.keys("per-caller");
    expect(await get("per-caller", "/me", { "x-api-key": alice! })).toMatchObject({ cache: "MISS", n: 1 });
    expect(await get("per-caller", "/me", { "x-api-key": bob! })).toMatchObject({ cache: "MISS", n: 2 });
    expect(await get("per-caller", "/me", { "x-api-key": alice! })).toMatchObject({ cache: "HIT", n: 1 });
    expect(await get("per-caller", "/me", { "x-api-key": bob! })).toMatchObject({ cache: "HIT", n: 2 });
  });

  it("never answers a caller who is refused from the cache", async () => {
    await get("per-caller", "/secret", { "x-api-key": gateway.keys("per-caller")[0]! });
    const refused = await get("per-caller", "/secret", { "x-api-key": "gh_wrong" });
    expect(refused.status).toBe(401);
    expect(refused.cache).toBeNull();
    expect((await get("per-caller", "/secret")).status).toBe(401);
  });

  it("tells apart callers whose own Authorization goes upstream, even when the gateway lets them in as one", async () => {
    // An anonymous policy forwards the caller's Authorization: the upstream authenticates them itself.
    expect(await get("cached", "/account", { authorization: "Bearer alice-token" })).toMatchObject({ cache: "MISS", n: 1 });
    expect(await get("cached", "/account", { authorization: "Bearer bob-token" })).toMatchObject({ cache: "MISS", n: 2 });
    expect(await get("cached", "/account")).toMatchObject({ cache: "MISS", n: 3 });
    expect(await get("cached", "/account", { authorization: "Bearer alice-token" })).toMatchObject({ cache: "HIT", n: 1 });
    // Public: one answer for all, as the rule says.
    expect(await get("public-open", "/account", { authorization: "Bearer alice-token" })).toMatchObject({ cache: "MISS", n: 1 });
    expect(await get("public-open", "/account", { authorization: "Bearer bob-token" })).toMatchObject({ cache: "HIT", n: 1 });
  });

  it("does not key by an Authorization the upstream never sees (an outbound credential replaces it)", async () => {
    expect(await get("outbound", "/account", { authorization: "Bearer alice-token" })).toMatchObject({ cache: "MISS", n: 1 });
    expect(await get("outbound", "/account", { authorization: "Bearer bob-token" })).toMatchObject({ cache: "HIT", n: 1 });
    expect(upstream.requestsTo("/outbound/account").map((request) => request.headers.authorization)).toEqual(["Bearer service-token"]);
  });

  it("shares an answer between callers when the rule says it is public", async () => {
    const [alice, bob] = gateway.keys("public");
    expect(await get("public", "/catalog", { "x-api-key": alice! })).toMatchObject({ cache: "MISS", n: 1 });
    expect(await get("public", "/catalog", { "x-api-key": bob! })).toMatchObject({ cache: "HIT", n: 1 });
    expect(upstream.requestsTo("/public/catalog")).toHaveLength(1);
  });
});

describe("bounds", () => {
  it("evicts the least recently used entries once the cache is full", async () => {
    const small = await startApiGateway([{ slug: "lru", upstreamBaseUrl: `${upstream.origin}/lru`, rules: [...OPEN, cacheRule()] }], { cacheBytes: 35_000, now: () => clock });
    try {
      // Three of these fit in the cache, a fourth does not (the headers and the key count too).
      const body = "y".repeat(10_000);
      for (const name of ["a", "b", "c", "d"]) upstream.script(`/lru/${name}`, [{ body, headers: { "content-type": "text/plain" } }]);
      const status = async (name: string) => {
        const response = await fetch(small.url("lru", `/${name}`));
        await response.text();
        return response.headers.get("x-cache");
      };
      expect([await status("a"), await status("b"), await status("c")]).toEqual(["MISS", "MISS", "MISS"]);
      // "a" is used again, so "b" is now the least recently used.
      expect(await status("a")).toBe("HIT");
      expect(await status("d")).toBe("MISS");
      expect(small.cache.size.bytes).toBeLessThanOrEqual(35_000);
      expect(await status("a")).toBe("HIT");
      expect(await status("b")).toBe("MISS");
    } finally {
      await small.close();
    }
  });
});

describe("with the Response Transformer", () => {
  it("transforms the headers of hits and misses alike", async () => {
    upstream.script("/transformed/items", [{ headers: { "x-internal": "node-7" } }]);
    for (const expected of ["MISS", "HIT"]) {
      const response = await get("transformed", "/items");
      expect(response.cache).toBe(expected);
      expect(response.headers.get("x-served-by")).toBe("gatehouse");
      expect(response.headers.get("x-internal")).toBeNull();
    }
  });
});
