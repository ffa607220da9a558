import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { requestTransformer } from "@/lib/policy/rules/request-transformer";
import { startApiGateway, type ApiGatewayHarness } from "../helpers/api-gateway-harness";
import { anonymousRule, roleRule } from "../helpers/rule-inputs";
import { startScriptedUpstream, type ScriptedUpstream } from "../helpers/scripted-upstream";

/**
 * The header transforms on API services (issue #6): the Response Transformer changes what
 * the caller gets (removed, then replaced, then added; the body untouched), the Request
 * Transformer what the upstream gets (removed, then renamed, then added), and neither can
 * touch the Authorization header or bring the caller's credential back.
 */
let upstream: ScriptedUpstream;
let gateway: ApiGatewayHarness;

const OPEN = [anonymousRule(), roleRule(["anonymous"])];
const KEYED = { kind: "api-key-authenticator", config: { keys: [{ description: "ci" }] } };

const RESPONSE_TRANSFORMER = {
  kind: "response-transformer",
  config: {
    addHeaders: [
      { name: "X-Frame-Options", value: "DENY" },
      { name: "X-Powered-By", value: "gatehouse" },
    ],
    replaceHeaders: [{ name: "Cache-Control", value: "no-store" }],
    removeHeaders: ["Server", "X-Internal-Node"],
  },
};

const REQUEST_TRANSFORMER = {
  kind: "request-transformer",
  config: {
    addHeaders: [
      { name: "X-Tenant", value: "eu-1" },
      { name: "X-Renamed", value: "from the rule" },
    ],
    removeHeaders: ["X-Debug"],
    renameHeaders: [
      { from: "X-Client-Version", to: "X-App-Version" },
      { from: "X-API-Key", to: "X-Upstream-Key" },
      { from: "X-Trace", to: "X-Request-Id" },
    ],
  },
};

beforeAll(async () => {
  upstream = await startScriptedUpstream();
  const service = (slug: string, rules: unknown[]) => ({ slug, upstreamBaseUrl: `${upstream.origin}/${slug}`, rules });
  gateway = await startApiGateway([
    service("response", [...OPEN, RESPONSE_TRANSFORMER]),
    service("request", [...OPEN, REQUEST_TRANSFORMER]),
    service("keyed", [KEYED, REQUEST_TRANSFORMER]),
    service("conditional", [...OPEN, { ...RESPONSE_TRANSFORMER, condition: 'request.method == "GET"' }]),
    service("plain", OPEN),
  ]);
});

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
});

beforeEach(() => {
  upstream.requests.length = 0;
});

describe("Response Transformer", () => {
  const body = JSON.stringify({ report: "x".repeat(1000), unicode: "Grüße" });

  it("removes, replaces and adds response headers, leaving the body and its length alone", async () => {
    upstream.script("/response/report", [
      { status: 200, headers: { server: "nginx/1.2", "x-internal-node": "node-7", "cache-control": "public, max-age=60", "x-powered-by": "express", etag: '"abc"' }, body },
    ]);
    const response = await fetch(gateway.url("response", "/report"));
    expect(response.status).toBe(200);
    expect(response.headers.get("server")).toBeNull();
    expect(response.headers.get("x-internal-node")).toBeNull();
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    // Added only when the upstream did not send it.
    expect(response.headers.get("x-powered-by")).toBe("express");
    expect(response.headers.get("etag")).toBe('"abc"');
    expect(response.headers.get("content-length")).toBe(String(Buffer.byteLength(body)));
    expect(await response.text()).toBe(body);
  });

  it("applies to the upstream's error answers too", async () => {
    upstream.script("/response/missing", [{ status: 404, headers: { server: "nginx/1.2" }, body: "not here" }]);
    const response = await fetch(gateway.url("response", "/missing"));
    expect(response.status).toBe(404);
    expect(response.headers.get("server")).toBeNull();
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(await response.text()).toBe("not here");
  });

  it("applies only where its condition holds", async () => {
    upstream.script("/conditional/x", [{ headers: { server: "nginx/1.2" } }]);
    const get = await fetch(gateway.url("conditional", "/x"));
    expect(get.headers.get("server")).toBeNull();
    const post = await fetch(gateway.url("conditional", "/x"), { method: "POST", body: "{}" });
    expect(post.headers.get("server")).toBe("nginx/1.2");
    expect(post.headers.get("x-frame-options")).toBeNull();
  });

  it("changes nothing without the rule", async () => {
    upstream.script("/plain/report", [{ headers: { server: "nginx/1.2", "cache-control": "max-age=5" } }]);
    const response = await fetch(gateway.url("plain", "/report"));
    expect(response.headers.get("server")).toBe("nginx/1.2");
    expect(response.headers.get("cache-control")).toBe("max-age=5");
    expect(response.headers.get("x-frame-options")).toBeNull();
  });
});

describe("Request Transformer", () => {
  it("removes, renames and adds request headers; the body goes through untouched", async () => {
    const body = JSON.stringify({ order: 1 });
    const response = await fetch(gateway.url("request", "/orders"), {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        "x-debug": "1",
        "x-client-version": "3.2",
        "x-tenant": "chosen-by-the-caller",
        "x-trace": "trace-1",
        "x-request-id": "replaced-by-the-rename",
        "x-kept": "yes",
      },
    });
    expect(response.status).toBe(200);
    const received = upstream.requestsTo("/request/orders").at(-1)!;
    expect(received.body).toBe(body);
    expect(received.headers).not.toHaveProperty("x-debug");
    expect(received.headers).not.toHaveProperty("x-client-version");
    expect(received.headers).not.toHaveProperty("x-trace");
    expect(received.headers).toMatchObject({
      "x-app-version": "3.2",
      "x-tenant": "eu-1",
      "x-request-id": "trace-1",
      "x-renamed": "from the rule",
      "x-kept": "yes",
      "content-type": "application/json",
    });
  });

  it("adds its headers when the caller sent nothing to rename", async () => {
    await (await fetch(gateway.url("request", "/bare"))).text();
    const received = upstream.requestsTo("/request/bare").at(-1)!;
    expect(received.headers).toMatchObject({ "x-tenant": "eu-1" });
    expect(received.headers).not.toHaveProperty("x-app-version");
  });

  it("cannot bring the caller's credential upstream under another name", async () => {
    const [key] = gateway.keys("keyed");
    const response = await fetch(gateway.url("keyed", "/orders"), { headers: { "x-api-key": key! } });
    expect(response.status).toBe(200);
    const received = upstream.requestsTo("/keyed/orders").at(-1)!;
    expect(received.headers).not.toHaveProperty("x-upstream-key");
    expect(received.headers).not.toHaveProperty("x-api-key");
    expect(JSON.stringify(received.headers)).not.toContain(key!);
    expect(received.headers["x-tenant"]).toBe("eu-1");
  });

  it.each([
    { name: "add", config: { addHeaders: [{ name: "Authorization", value: "Bearer x" }] }, path: "addHeaders.0.name" },
    { name: "remove", config: { removeHeaders: ["authorization"] }, path: "removeHeaders.0" },
    { name: "rename from", config: { renameHeaders: [{ from: "Authorization", to: "X-Token" }] }, path: "renameHeaders.0.from" },
    { name: "rename to", config: { renameHeaders: [{ from: "X-Token", to: "Authorization" }] }, path: "renameHeaders.0.to" },
  ])("keeps Authorization off limits ($name)", ({ config, path }) => {
    const result = requestTransformer.configSchema.safeParse(config);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }))).toContainEqual({
      path,
      message: "Authorization is off limits: set upstream credentials with an Outbound rule",
    });
  });
});
