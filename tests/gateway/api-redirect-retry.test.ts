import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startApiGateway, type ApiGatewayHarness } from "../helpers/api-gateway-harness";
import { freePort } from "../helpers/free-port";
import { problemOf, rawRequest } from "../helpers/http-requests";
import { anonymousRule, roleRule } from "../helpers/rule-inputs";
import { startScriptedUpstream, type ScriptedUpstream } from "../helpers/scripted-upstream";

/**
 * HTTP Redirect and HTTP Retry on API services (issue #6). A redirect answers in place of the
 * upstream; a retry sends the request again after a listed status or a failed connection, for
 * idempotent methods unless the rule lists others. Backoff waits are recorded by the harness
 * instead of waited.
 */
let upstream: ScriptedUpstream;
let gateway: ApiGatewayHarness;
let closedPort: number;

const OPEN = [anonymousRule(), roleRule(["anonymous"])];
const KEYED = { kind: "api-key-authenticator", config: { keys: [{ description: "ci" }], queryParameters: ["api_key"] } };
const redirect = (status: string, targetUrl: string) => ({ kind: "http-redirect", config: { status, targetUrl } });
const retry = (config: Record<string, unknown> = {}) => ({ kind: "http-retry", config: { attempts: 3, backoffMs: 200, ...config } });

beforeAll(async () => {
  upstream = await startScriptedUpstream();
  closedPort = await freePort();
  const service = (slug: string, rules: unknown[]) => ({ slug, upstreamBaseUrl: `${upstream.origin}/${slug}`, rules });
  gateway = await startApiGateway([
    service("moved", [...OPEN, redirect("301", "https://new.example.com/{path}{query}")]),
    service("found", [...OPEN, redirect("302", "https://new.example.com/v2{path}")]),
    service("temporary", [...OPEN, redirect("307", "https://new.example.com/api/{path}{query}")]),
    service("permanent", [...OPEN, redirect("308", "https://new.example.com/")]),
    service("keyed-redirect", [KEYED, redirect("302", "https://new.example.com/{path}{query}")]),
    service("retried", [...OPEN, retry()]),
    service("fixed", [...OPEN, retry({ backoff: "fixed", backoffMs: 100, attempts: 4 })]),
    service("posts", [...OPEN, retry({ methods: ["POST", "GET"], statuses: ["503", "429"] })]),
    { slug: "refused", upstreamBaseUrl: `http://127.0.0.1:${closedPort}/api`, rules: [...OPEN, retry()] },
    service("no-retry", OPEN),
  ]);
});

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
});

beforeEach(() => {
  upstream.requests.length = 0;
  gateway.waits.length = 0;
});

async function send(slug: string, path: string, init: RequestInit = {}) {
  const response = await fetch(gateway.url(slug, path), { redirect: "manual", ...init });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

describe("HTTP Redirect", () => {
  it.each([
    { slug: "moved", status: 301, path: "/items/42?a=1&b=x%20y", location: "https://new.example.com/items/42?a=1&b=x%20y" },
    { slug: "found", status: 302, path: "/items/42?a=1", location: "https://new.example.com/v2/items/42" },
    { slug: "temporary", status: 307, path: "/orders", location: "https://new.example.com/api/orders" },
    { slug: "permanent", status: 308, path: "/anything?at=all", location: "https://new.example.com/" },
  ])("answers $slug with $status and the target URL, never calling the upstream", async ({ slug, status, path, location }) => {
    const response = await send(slug, path);
    expect(response.status).toBe(status);
    expect(response.headers.get("location")).toBe(location);
    expect(response.body).toBe("");
    expect(upstream.requests).toHaveLength(0);
  });

  it("redirects other methods too, with their body left unread", async () => {
    const response = await send("temporary", "/orders", { method: "POST", body: JSON.stringify({ id: 1 }), headers: { "content-type": "application/json" } });
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toBe("https://new.example.com/api/orders");
    expect(upstream.requests).toHaveLength(0);
  });

  it("keeps the query's exact encoding", async () => {
    const response = await rawRequest(gateway.origin, "/apis/moved/search?flag&q=a+b&name=x%20y~&path=/a/b?c");
    expect(response.headers.location).toBe("https://new.example.com/search?flag&q=a+b&name=x%20y~&path=/a/b?c");
  });

  it("percent-encodes what a path or query could smuggle into the Location header", async () => {
    const response = await rawRequest(gateway.origin, `/apis/moved/a"b<c>'d?q="x"<y>`);
    expect(response.status).toBe(301);
    expect(response.headers.location).toBe("https://new.example.com/a%22b%3Cc%3E'd?q=%22x%22%3Cy%3E");
  });

  it("keeps the caller's API key out of the Location, and redirects only callers who are let in", async () => {
    const [key] = gateway.keys("keyed-redirect");
    const response = await send("keyed-redirect", `/report?api_key=${key}&month=5`);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("https://new.example.com/report?month=5");

    const refused = await fetch(gateway.url("keyed-redirect", "/report"), { redirect: "manual" });
    expect(refused.headers.get("location")).toBeNull();
    await problemOf(refused, 401);
  });
});

describe("HTTP Retry", () => {
  it("retries a listed status with exponential backoff and gives the caller the answer that succeeded", async () => {
    upstream.script("/retried/flaky", [{ status: 503 }, { status: 502 }, { status: 200, body: "finally" }]);
    const response = await send("retried", "/flaky?x=1");
    expect(response).toMatchObject({ status: 200, body: "finally" });
    expect(upstream.requestsTo("/retried/flaky").map((request) => request.search)).toEqual(["?x=1", "?x=1", "?x=1"]);
    expect(gateway.waits).toEqual([200, 400]);
    expect(gateway.logs.at(-1)?.details.attempts).toBe(3);
  });

  it("stops after the configured attempts and passes the last answer on", async () => {
    upstream.script("/fixed/down", [{ status: 504, body: "first" }, { status: 504, body: "second" }, { status: 504, body: "third" }, { status: 503, body: "last" }]);
    const response = await send("fixed", "/down");
    expect(response).toMatchObject({ status: 503, body: "last" });
    expect(upstream.requestsTo("/fixed/down")).toHaveLength(4);
    expect(gateway.waits).toEqual([100, 100, 100]);
  });

  it("does not retry a status the rule does not list", async () => {
    upstream.script("/retried/broken", [{ status: 500 }, { status: 200 }]);
    expect((await send("retried", "/broken")).status).toBe(500);
    expect(upstream.requestsTo("/retried/broken")).toHaveLength(1);
    expect(gateway.waits).toEqual([]);
  });

  it("retries a connection the upstream dropped", async () => {
    upstream.script("/retried/reset", [{ reset: true }, { status: 200, body: "second try" }]);
    expect(await send("retried", "/reset")).toMatchObject({ status: 200, body: "second try" });
    expect(upstream.requestsTo("/retried/reset")).toHaveLength(2);
  });

  it("retries a refused connection, then answers 502 as problem details", async () => {
    const problem = await problemOf(await fetch(gateway.url("refused", "/items")), 502);
    expect(problem.type).toBe("https://gatehouse.dev/problems/upstream_unavailable");
    expect(gateway.waits).toEqual([200, 400]);
    expect(gateway.logs.at(-1)?.details.attempts).toBe(3);
  });

  it.each(["PUT", "DELETE"])("retries an idempotent %s with its body each time", async (method) => {
    const path = `/idempotent-${method}`;
    upstream.script(`/retried${path}`, [{ status: 503 }, { status: 200 }]);
    const body = JSON.stringify({ method, value: "é".repeat(10) });
    expect((await send("retried", path, { method, body, headers: { "content-type": "application/json" } })).status).toBe(200);
    expect(upstream.requestsTo(`/retried${path}`).map((request) => [request.method, request.body])).toEqual([
      [method, body],
      [method, body],
    ]);
  });

  it.each(["POST", "PATCH"])("never retries a %s by default", async (method) => {
    const path = `/write-${method}`;
    upstream.script(`/retried${path}`, [{ status: 503 }, { status: 200 }]);
    expect((await send("retried", path, { method, body: "{}" })).status).toBe(503);
    expect(upstream.requestsTo(`/retried${path}`)).toHaveLength(1);
    expect(gateway.waits).toEqual([]);
  });

  it("retries a POST when the rule lists it, resending the same body", async () => {
    upstream.script("/posts/orders", [{ status: 429 }, { status: 503 }, { status: 201, body: "created" }]);
    const body = JSON.stringify({ item: "book" });
    expect(await send("posts", "/orders", { method: "POST", body })).toMatchObject({ status: 201, body: "created" });
    expect(upstream.requestsTo("/posts/orders").map((request) => request.body)).toEqual([body, body, body]);
    // PUT is not listed by this rule.
    upstream.script("/posts/put", [{ status: 503 }, { status: 200 }]);
    expect((await send("posts", "/put", { method: "PUT", body })).status).toBe(503);
    expect(upstream.requestsTo("/posts/put")).toHaveLength(1);
  });

  it("sends a streamed (chunked) body once: it was not kept to be sent again", async () => {
    upstream.script("/posts/stream", [{ status: 503 }, { status: 200 }]);
    const response = await rawRequest(gateway.origin, "/apis/posts/stream", { method: "POST", headers: { "transfer-encoding": "chunked" }, body: ["one,", "two"] });
    expect(response.status).toBe(503);
    expect(upstream.requestsTo("/posts/stream").map((request) => request.body)).toEqual(["one,two"]);
  });

  it("does nothing without the rule", async () => {
    upstream.script("/no-retry/flaky", [{ status: 503 }, { status: 200 }]);
    expect((await send("no-retry", "/flaky")).status).toBe(503);
    expect(upstream.requestsTo("/no-retry/flaky")).toHaveLength(1);
  });
});
