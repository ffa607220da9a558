import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startApiGateway, type ApiGatewayHarness } from "../helpers/api-gateway-harness";
import { problemOf, rawRequest } from "../helpers/http-requests";
import { anonymousRule, roleRule } from "../helpers/rule-inputs";
import { startScriptedUpstream, type ScriptedUpstream } from "../helpers/scripted-upstream";

/**
 * API services at /apis/<slug>/<path> (issue #6): the request goes to the base URL + <path>
 * with its method, query, headers and body, the answer comes back as the upstream gave it,
 * and every refusal is problem details (RFC 9457). The caller's credential stays at the gateway.
 */
let upstream: ScriptedUpstream;
let gateway: ApiGatewayHarness;

const OPEN = [anonymousRule(), roleRule(["anonymous"])];
const APP = "https://app.example.com";
/** An API key read from X-API-Key, Authorization: Bearer, or the api_key query parameter. */
const KEYED = [{ kind: "api-key-authenticator", config: { keys: [{ description: "ci pipeline", roles: ["agent"] }], queryParameters: ["api_key"] } }];

beforeAll(async () => {
  upstream = await startScriptedUpstream();
  gateway = await startApiGateway([
    { slug: "orders", upstreamBaseUrl: `${upstream.origin}/base`, rules: OPEN },
    { slug: "slashed", upstreamBaseUrl: `${upstream.origin}/base/`, rules: OPEN },
    { slug: "root", upstreamBaseUrl: upstream.origin, rules: OPEN },
    { slug: "keyed", upstreamBaseUrl: `${upstream.origin}/keyed`, rules: KEYED },
    { slug: "off", upstreamBaseUrl: upstream.origin, enabled: false, rules: OPEN },
    { slug: "unprotected", upstreamBaseUrl: upstream.origin, enabled: true, rules: null },
    {
      slug: "engine",
      upstreamBaseUrl: `${upstream.origin}/engine`,
      rules: [
        { kind: "cors-restriction", config: { allowedOrigins: [APP] } },
        { kind: "request-size-limit", config: { maxBytes: 64 } },
        anonymousRule(),
        { kind: "authorize-by-role", config: { roles: [{ role: "anonymous", condition: 'request.path.startsWith("/public/") && (request.method == "GET" || request.query.tier == "gold")' }] } },
      ],
    },
    { slug: "walled", upstreamBaseUrl: upstream.origin, rules: [{ kind: "ip-restriction", config: { denylist: [{ address: "127.0.0.1" }] } }, ...OPEN] },
  ]);
});

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
});

beforeEach(() => {
  upstream.requests.length = 0;
});

describe("proxying", () => {
  it("sends method, path, query and headers through, and the upstream's status, headers and body back", async () => {
    upstream.script("/base/items/42", [{ status: 203, headers: { "x-upstream": "yes", etag: '"v1"' }, body: '{"id":42}' }]);

    const response = await fetch(gateway.url("orders", "/items/42?b=2&a=1&name=J%C3%BCrgen+K&empty="), { headers: { "x-request-id": "req-1", accept: "application/json" } });
    expect(response.status).toBe(203);
    expect(response.headers.get("x-upstream")).toBe("yes");
    expect(response.headers.get("etag")).toBe('"v1"');
    expect(await response.text()).toBe('{"id":42}');

    const [received] = upstream.requestsTo("/base/items/42");
    expect(received).toMatchObject({ method: "GET", search: "?b=2&a=1&name=J%C3%BCrgen+K&empty=" });
    expect(received!.headers).toMatchObject({
      "x-request-id": "req-1",
      accept: "application/json",
      "x-forwarded-prefix": "/apis/orders",
      "x-forwarded-for": "127.0.0.1",
      "x-forwarded-proto": "http",
    });
  });

  it.each(["POST", "PUT", "PATCH", "DELETE"])("forwards a %s with its body", async (method) => {
    const body = JSON.stringify({ method, items: [1, 2, 3] });
    const response = await fetch(gateway.url("orders", "/items"), { method, headers: { "content-type": "application/json" }, body });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ method, url: "/base/items", body });
    const received = upstream.requestsTo("/base/items").at(-1)!;
    expect(received.headers["content-type"]).toBe("application/json");
    expect(received.headers["content-length"]).toBe(String(Buffer.byteLength(body)));
  });

  it("streams a chunked request body through whole", async () => {
    const pieces = Array.from({ length: 50 }, (_, index) => `piece ${index};`.repeat(200));
    const response = await rawRequest(gateway.origin, "/apis/orders/upload", { method: "POST", headers: { "content-type": "text/plain", "transfer-encoding": "chunked" }, body: pieces });
    expect(response.status).toBe(200);
    expect(upstream.requestsTo("/base/upload").at(-1)!.body).toBe(pieces.join(""));
  });

  it("answers HEAD with the upstream's headers and no body", async () => {
    upstream.script("/base/report", [{ headers: { "x-size": "9" } }]);
    const response = await fetch(gateway.url("orders", "/report"), { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-size")).toBe("9");
    expect(await response.text()).toBe("");
    expect(upstream.requestsTo("/base/report").at(-1)!.method).toBe("HEAD");
  });

  it.each([
    { name: "base path without a trailing slash", slug: "orders", path: "/v2/items", upstreamPath: "/base/v2/items" },
    { name: "base path with a trailing slash", slug: "slashed", path: "/v2/items", upstreamPath: "/base/v2/items" },
    { name: "base URL without a path", slug: "root", path: "/v2/items", upstreamPath: "/v2/items" },
    { name: "the service's own URL", slug: "orders", path: "", upstreamPath: "/base" },
    { name: "the service's URL with a slash", slug: "slashed", path: "/", upstreamPath: "/base/" },
    { name: "an encoded slash kept encoded", slug: "orders", path: "/files/a%2Fb", upstreamPath: "/base/files/a%2Fb" },
  ])("joins the $name", async ({ slug, path, upstreamPath }) => {
    const response = await rawRequest(gateway.origin, `/apis/${slug}${path}?q=1`);
    expect(response.status).toBe(200);
    expect(upstream.requests.at(-1)).toMatchObject({ path: upstreamPath, search: "?q=1" });
  });

  it.each(["/apis/orders/../secret", "/apis/orders/a/../../secret", "/apis/orders/%2e%2e/secret", "/apis/orders/a%2F..%2F..%2Fsecret", "/apis/orders/.%2E/secret", "/apis/orders/a/./b", "/apis/orders/a\\..\\secret"])(
    "refuses the dot segments of %s without calling the upstream",
    async (target) => {
      const problem = await problemOf(await rawRequest(gateway.origin, target), 400);
      expect(problem).toMatchObject({ type: "https://gatehouse.dev/problems/invalid_request", detail: expect.stringContaining("base path") });
      expect(upstream.requests).toHaveLength(0);
    },
  );
});

describe("refusals as problem details", () => {
  it("404 for a slug no service has", async () => {
    const problem = await problemOf(await fetch(gateway.url("nowhere", "/items")), 404);
    expect(problem).toEqual({ type: "https://gatehouse.dev/problems/service_not_found", title: "API service not found", status: 404, detail: "No API service is registered at /apis/nowhere" });
    expect(upstream.requests).toHaveLength(0);
  });

  it("503 for a disabled service and for one without a policy", async () => {
    expect(await problemOf(await fetch(gateway.url("off", "/items")), 503)).toMatchObject({ type: "https://gatehouse.dev/problems/service_disabled", detail: "The API service off is disabled" });
    expect((await problemOf(await fetch(gateway.url("unprotected", "/items")), 503)).detail).toContain("no policy is attached");
    expect(upstream.requests).toHaveLength(0);
  });

  it("405 for a method that is not forwarded, with Allow", async () => {
    const response = await rawRequest(gateway.origin, "/apis/orders/items", { method: "TRACE" });
    await problemOf(response, 405);
    expect(response.headers.allow).toContain("GET");
    expect(upstream.requests).toHaveLength(0);
  });

  it("401 with a challenge for a caller without a credential, never cached", async () => {
    const response = await fetch(gateway.url("keyed", "/items"));
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("www-authenticate")).toBeTruthy();
    expect(await problemOf(response, 401)).toMatchObject({ type: "https://gatehouse.dev/problems/unauthenticated" });
    expect(upstream.requests).toHaveLength(0);
  });
});

describe("the caller's credential", () => {
  it.each([
    { name: "an X-API-Key header", via: (key: string) => ({ path: "/items?page=2", headers: { "x-api-key": key } }) },
    { name: "Authorization: Bearer", via: (key: string) => ({ path: "/items?page=2", headers: { authorization: `Bearer ${key}` } }) },
    { name: "a query parameter", via: (key: string) => ({ path: `/items?api_key=${encodeURIComponent(key)}&page=2`, headers: {} }) },
  ])("is never forwarded when sent in $name", async ({ via }) => {
    const [key] = gateway.keys("keyed");
    const { path, headers } = via(key!);
    const response = await fetch(gateway.url("keyed", path), { headers: { ...headers, "x-kept": "1" } });
    expect(response.status).toBe(200);
    await response.text();

    const received = upstream.requestsTo("/keyed/items").at(-1)!;
    expect(received.search).toBe("?page=2");
    expect(received.headers["x-kept"]).toBe("1");
    expect(received.headers).not.toHaveProperty("authorization");
    expect(received.headers).not.toHaveProperty("x-api-key");
    expect(JSON.stringify(received)).not.toContain(key!);
  });

  it("refuses a wrong key with 401 before anything reaches the upstream", async () => {
    const problem = await problemOf(await fetch(gateway.url("keyed", "/items"), { headers: { "x-api-key": "gh_not-a-key" } }), 401);
    expect(problem.type).toBe("https://gatehouse.dev/problems/invalid_credentials");
    expect(upstream.requests).toHaveLength(0);
  });
});

describe("the same engine and phases as MCP servers", () => {
  it("authorizes by role with conditions over the request's path, method and query, and refuses with 403 before the upstream", async () => {
    expect((await fetch(gateway.url("engine", "/public/items"))).status).toBe(200);
    expect((await fetch(gateway.url("engine", "/public/items?tier=gold"), { method: "POST", body: "{}" })).status).toBe(200);
    expect((await problemOf(await fetch(gateway.url("engine", "/public/items"), { method: "POST", body: "{}" }), 403)).type).toBe("https://gatehouse.dev/problems/forbidden");
    expect((await problemOf(await fetch(gateway.url("engine", "/private")), 403)).type).toBe("https://gatehouse.dev/problems/forbidden");
    expect(upstream.requests.map((request) => `${request.method} ${request.path}`)).toEqual(["GET /engine/public/items", "POST /engine/public/items"]);
  });

  it("throttles with 429 once the Client Throttling limit is used up", async () => {
    gateway.put({ slug: "throttled", upstreamBaseUrl: upstream.origin, rules: [...OPEN, { kind: "client-throttling", config: { defaultLimit: 2, defaultPeriod: "hour" } }] });
    expect((await fetch(gateway.url("throttled", "/a"))).status).toBe(200);
    expect((await fetch(gateway.url("throttled", "/b"))).status).toBe(200);
    expect((await problemOf(await fetch(gateway.url("throttled", "/c")), 429)).type).toBe("https://gatehouse.dev/problems/rate_limited");
    expect(upstream.requests.map((request) => request.path)).toEqual(["/a", "/b"]);
  });

  it("refuses a body over the Request Size Limit with 413 before the upstream sees it", async () => {
    gateway.put({ slug: "sized", upstreamBaseUrl: upstream.origin, rules: [{ kind: "request-size-limit", config: { maxBytes: 64 } }, ...OPEN] });
    expect((await fetch(gateway.url("sized", "/small"), { method: "POST", body: "x".repeat(64) })).status).toBe(200);
    expect((await problemOf(await fetch(gateway.url("sized", "/big"), { method: "POST", body: "x".repeat(65) }), 413)).type).toBe("https://gatehouse.dev/problems/payload_too_large");
    const chunked = await rawRequest(gateway.origin, "/apis/sized/chunked", { method: "POST", headers: { "transfer-encoding": "chunked" }, body: ["x".repeat(40), "x".repeat(40)] });
    expect(chunked.status).toBe(413);
    expect(upstream.requests.map((request) => request.path)).toEqual(["/small"]);
  });

  it("refuses an address the IP Restriction denies with 403", async () => {
    expect((await problemOf(await fetch(gateway.url("walled", "/x")), 403)).type).toBe("https://gatehouse.dev/problems/address_not_allowed");
    expect(upstream.requests).toHaveLength(0);
  });

  it("answers a CORS preflight itself and adds the CORS headers to the upstream's answer", async () => {
    const preflight = await fetch(gateway.url("engine", "/public/items"), {
      method: "OPTIONS",
      headers: { origin: APP, "access-control-request-method": "PUT", "access-control-request-headers": "content-type" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(APP);
    expect(upstream.requests).toHaveLength(0);

    const refused = await fetch(gateway.url("engine", "/public/items"), { headers: { origin: "https://evil.example.com" } });
    expect((await problemOf(refused, 403)).type).toBe("https://gatehouse.dev/problems/origin_not_allowed");
  });
});

describe("catalog changes", () => {
  it("serves a changed base URL and a disabled service at once", async () => {
    gateway.put({ slug: "moving", upstreamBaseUrl: `${upstream.origin}/old`, rules: OPEN });
    expect((await fetch(gateway.url("moving", "/x"))).status).toBe(200);
    gateway.put({ slug: "moving", upstreamBaseUrl: `${upstream.origin}/new`, rules: OPEN });
    expect((await fetch(gateway.url("moving", "/x"))).status).toBe(200);
    expect(upstream.requests.map((request) => request.path)).toEqual(["/old/x", "/new/x"]);

    gateway.put({ slug: "moving", upstreamBaseUrl: `${upstream.origin}/new`, enabled: false, rules: OPEN });
    await problemOf(await fetch(gateway.url("moving", "/x")), 503);
    expect(upstream.requests).toHaveLength(2);
  });
});
