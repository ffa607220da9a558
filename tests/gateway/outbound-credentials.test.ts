import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startApiGateway, type ApiGatewayHarness, type HarnessService } from "../helpers/api-gateway-harness";
import { startGateway, type GatewayHarness } from "../helpers/gateway-harness";
import { problemOf, rawRequest } from "../helpers/http-requests";
import { initializeMessage, postMcp, rpcMessages } from "../helpers/mcp-requests";
import { jwtValidatorRule } from "../helpers/oauth-rules";
import { GATEWAY_CLIENT, startOidcServer, type OidcServer } from "../helpers/oidc-server";
import { startRecordingProxy } from "../helpers/recording-proxy";
import { anonymousRule, roleRule } from "../helpers/rule-inputs";
import { startScriptedUpstream, type ScriptedUpstream } from "../helpers/scripted-upstream";
import { startServerEverything } from "../helpers/server-everything";

/**
 * Upstream credentials (issue #6), for API services and MCP servers alike: the upstream gets
 * the rule's credential (Basic, a static Bearer token, or an OAuth2 client credentials token
 * from a real authorization server), never the caller's. OAuth2 tokens are fetched once and
 * reused, and renewed once when the upstream answers 401.
 */
let upstream: ScriptedUpstream;
let oidc: OidcServer;

const OPEN = [anonymousRule(), roleRule(["anonymous"])];
/** A caller authenticated by an API key in Authorization: Bearer, the header the outbound credential takes over. */
const KEYED = { kind: "api-key-authenticator", config: { keys: [{ description: "ci" }] } };

const basic = (username: string, password: string) => ({ kind: "outbound-basic-auth", config: { username, password } });
const bearer = (token: string) => ({ kind: "outbound-bearer-token", config: { token } });
const oauth2 = (config: Record<string, unknown> = {}) => ({
  kind: "outbound-oauth2-client-credentials",
  config: { tokenEndpointUrl: oidc.tokenEndpoint, clientId: GATEWAY_CLIENT.id, clientSecret: GATEWAY_CLIENT.secret, ...config },
});

beforeAll(async () => {
  upstream = await startScriptedUpstream();
  oidc = await startOidcServer();
});

afterAll(async () => {
  await oidc?.close();
  await upstream?.close();
});

beforeEach(() => {
  upstream.requests.length = 0;
});

/** What the authorization server says about a token the upstream was sent (RFC 7662). */
async function introspect(token: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${oidc.issuer}/token/introspection`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${GATEWAY_CLIENT.id}:${GATEWAY_CLIENT.secret}`).toString("base64")}` },
    body: new URLSearchParams({ token }),
  });
  return (await response.json()) as Record<string, unknown>;
}

function bearerOf(authorization: string | undefined): string {
  expect(authorization).toMatch(/^Bearer \S+$/);
  return authorization!.slice("Bearer ".length);
}

/** An API gateway of its own, so that each test starts with no token cached. */
async function withApiGateway(services: HarnessService[], run: (gateway: ApiGatewayHarness) => Promise<void>, options: { now?: () => number } = {}): Promise<void> {
  const gateway = await startApiGateway(services, options);
  try {
    await run(gateway);
  } finally {
    await gateway.close();
  }
}

async function get(gateway: ApiGatewayHarness, slug: string, path: string, init: RequestInit = {}) {
  const response = await fetch(gateway.url(slug, path), init);
  return { status: response.status, body: await response.text(), response };
}

describe("static credentials on an API service", () => {
  let gateway: ApiGatewayHarness;

  beforeAll(async () => {
    gateway = await startApiGateway([
      { slug: "basic", upstreamBaseUrl: `${upstream.origin}/basic`, rules: [KEYED, basic("gatehouse", "pässwörd:with colon")] },
      { slug: "bearer", upstreamBaseUrl: `${upstream.origin}/bearer`, rules: [KEYED, bearer("upstream-api-token-123")] },
      { slug: "none", upstreamBaseUrl: `${upstream.origin}/none`, rules: [KEYED] },
    ]);
  });

  afterAll(() => gateway?.close());

  it("sends Basic credentials (UTF-8, RFC 7617) instead of the caller's", async () => {
    const [key] = gateway.keys("basic");
    expect((await get(gateway, "basic", "/x", { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    const received = upstream.requestsTo("/basic/x").at(-1)!;
    expect(received.headers.authorization).toBe(`Basic ${Buffer.from("gatehouse:pässwörd:with colon", "utf8").toString("base64")}`);
    expect(JSON.stringify(received.headers)).not.toContain(key!);
  });

  it("sends the static Bearer token instead of the caller's", async () => {
    const [key] = gateway.keys("bearer");
    expect((await get(gateway, "bearer", "/x", { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    expect((await get(gateway, "bearer", "/y", { headers: { "x-api-key": key! } })).status).toBe(200);
    expect(upstream.requests.map((request) => request.headers.authorization)).toEqual(["Bearer upstream-api-token-123", "Bearer upstream-api-token-123"]);
    expect(JSON.stringify(upstream.requests)).not.toContain(key!);
  });

  it("sends no Authorization at all without an outbound rule", async () => {
    const [key] = gateway.keys("none");
    expect((await get(gateway, "none", "/x", { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    expect(upstream.requestsTo("/none/x").at(-1)!.headers).not.toHaveProperty("authorization");
  });

  it("does not let the caller choose the credential: a refused caller never reaches the upstream", async () => {
    await problemOf(await fetch(gateway.url("bearer", "/x"), { headers: { authorization: "Bearer upstream-api-token-123" } }), 401);
    expect(upstream.requests).toHaveLength(0);
  });
});

describe("an OAuth2 caller of an API service", () => {
  it("is challenged with the service's metadata, let in with a token for the service, and its token replaced by the service's credential", async () => {
    await withApiGateway([{ slug: "orders", upstreamBaseUrl: `${upstream.origin}/orders`, rules: [jwtValidatorRule(oidc), bearer("service-token")] }], async (gateway) => {
      const challenge = await fetch(gateway.url("orders", "/items"));
      await problemOf(challenge, 401);
      const metadataUrl = `${gateway.origin}/.well-known/oauth-protected-resource/apis/orders`;
      expect(challenge.headers.get("www-authenticate")).toContain(`resource_metadata="${metadataUrl}"`);
      expect(await (await fetch(metadataUrl)).json()).toMatchObject({ resource: gateway.url("orders"), authorization_servers: [oidc.issuer] });

      const token = await oidc.token(gateway.url("orders"));
      expect((await get(gateway, "orders", "/items", { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      const received = upstream.requestsTo("/orders/items").at(-1)!;
      expect(received.headers.authorization).toBe("Bearer service-token");
      expect(JSON.stringify(received)).not.toContain(token);

      // A token for another resource is refused.
      const other = await oidc.token("https://elsewhere.example.com/api");
      await problemOf(await fetch(gateway.url("orders", "/items"), { headers: { authorization: `Bearer ${other}` } }), 401);
      expect(upstream.requestsTo("/orders/items")).toHaveLength(1);
    });
  });
});

describe("OAuth2 client credentials on an API service", () => {
  it("sends a token from the token endpoint, fetched once and reused by later requests", async () => {
    await withApiGateway([{ slug: "orders", upstreamBaseUrl: `${upstream.origin}/orders`, rules: [KEYED, oauth2()] }], async (gateway) => {
      const [key] = gateway.keys("orders");
      const before = oidc.tokenRequests;
      for (const path of ["/a", "/b", "/c"]) expect((await get(gateway, "orders", path, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);

      expect(oidc.tokenRequests - before).toBe(1);
      const tokens = upstream.requests.map((request) => bearerOf(request.headers.authorization));
      expect(new Set(tokens).size).toBe(1);
      expect(tokens[0]).not.toBe(key);
      expect(await introspect(tokens[0]!)).toMatchObject({ active: true, client_id: GATEWAY_CLIENT.id });
    });
  });

  it("keeps a token until shortly before it expires, renews it in the background then, and waits for a new one once it has expired", async () => {
    // oidc-server issues tokens for 300 s: renewed from 270 s on (a tenth of the lifetime before expiry).
    let clock = Date.now();
    await withApiGateway(
      [{ slug: "orders", upstreamBaseUrl: `${upstream.origin}/orders`, rules: [...OPEN, oauth2()] }],
      async (gateway) => {
        const before = oidc.tokenRequests;
        const tokenOf = async (path: string) => {
          expect((await get(gateway, "orders", path)).status).toBe(200);
          return upstream.requestsTo(`/orders${path}`).at(-1)!.headers.authorization;
        };
        const first = await tokenOf("/t0");
        clock += 269_000;
        expect(await tokenOf("/t269")).toBe(first);
        expect(oidc.tokenRequests - before).toBe(1);

        clock += 2_000;
        // Still sent while the new one is fetched.
        expect(await tokenOf("/t271")).toBe(first);
        // Once the renewal is in, requests carry the new token; it took one token request.
        const second = await vi.waitFor(async () => {
          const token = await tokenOf("/t271-after");
          expect(token).not.toBe(first);
          return token;
        }, { timeout: 10_000, interval: 20 });
        expect(oidc.tokenRequests - before).toBe(2);

        clock += 301_000;
        const third = await tokenOf("/t572");
        expect(third).not.toBe(second);
        expect(oidc.tokenRequests - before).toBe(3);
      },
      { now: () => clock },
    );
  });

  it("shares one token request between concurrent requests", async () => {
    await withApiGateway([{ slug: "orders", upstreamBaseUrl: `${upstream.origin}/orders`, rules: [...OPEN, oauth2()] }], async (gateway) => {
      const before = oidc.tokenRequests;
      const statuses = await Promise.all(Array.from({ length: 5 }, (_, index) => get(gateway, "orders", `/parallel-${index}`).then((result) => result.status)));
      expect(statuses).toEqual([200, 200, 200, 200, 200]);
      expect(oidc.tokenRequests - before).toBe(1);
      expect(new Set(upstream.requests.map((request) => request.headers.authorization)).size).toBe(1);
    });
  });

  it("renews the token once when the upstream answers 401, sends the request again with its body, and keeps the new token", async () => {
    await withApiGateway([{ slug: "orders", upstreamBaseUrl: `${upstream.origin}/orders`, rules: [...OPEN, oauth2()] }], async (gateway) => {
      upstream.script("/orders/refresh", [{ status: 401, headers: { "www-authenticate": 'Bearer error="invalid_token"' } }, { status: 201, body: "created" }]);
      const before = oidc.tokenRequests;
      const body = JSON.stringify({ item: "book" });
      expect(await get(gateway, "orders", "/refresh", { method: "POST", body, headers: { "content-type": "application/json" } })).toMatchObject({ status: 201, body: "created" });

      expect(oidc.tokenRequests - before).toBe(2);
      const [refused, renewed] = upstream.requestsTo("/orders/refresh");
      expect(refused!.body).toBe(body);
      expect(renewed!.body).toBe(body);
      const [first, second] = [bearerOf(refused!.headers.authorization), bearerOf(renewed!.headers.authorization)];
      expect(second).not.toBe(first);
      expect(await introspect(second)).toMatchObject({ active: true });

      // The renewed token serves the next requests; nothing more is asked of the token endpoint.
      expect((await get(gateway, "orders", "/after")).status).toBe(200);
      expect(bearerOf(upstream.requestsTo("/orders/after")[0]!.headers.authorization)).toBe(second);
      expect(oidc.tokenRequests - before).toBe(2);
    });
  });

  it("renews only once: an upstream that keeps refusing gets two requests, and the caller its 401", async () => {
    await withApiGateway([{ slug: "orders", upstreamBaseUrl: `${upstream.origin}/orders`, rules: [...OPEN, oauth2()] }], async (gateway) => {
      upstream.script("/orders/never", [{ status: 401, body: "go away" }]);
      const before = oidc.tokenRequests;
      expect(await get(gateway, "orders", "/never")).toMatchObject({ status: 401, body: "go away" });
      expect(upstream.requestsTo("/orders/never")).toHaveLength(2);
      expect(oidc.tokenRequests - before).toBe(2);
    });
  });

  it("forgets a refused token even when a streamed body cannot be sent again, so the next request gets a fresh one", async () => {
    await withApiGateway([{ slug: "orders", upstreamBaseUrl: `${upstream.origin}/orders`, rules: [...OPEN, oauth2()] }], async (gateway) => {
      upstream.script("/orders/upload", [{ status: 401, body: "refused" }]);
      const before = oidc.tokenRequests;
      const upload = await rawRequest(gateway.origin, "/apis/orders/upload", { method: "POST", headers: { "transfer-encoding": "chunked" }, body: ["part one,", "part two"] });
      expect(upload).toMatchObject({ status: 401, body: "refused" });
      expect(upstream.requestsTo("/orders/upload").map((request) => request.body)).toEqual(["part one,part two"]);

      expect((await get(gateway, "orders", "/next")).status).toBe(200);
      const refused = upstream.requestsTo("/orders/upload")[0]!.headers.authorization;
      expect(upstream.requestsTo("/orders/next")[0]!.headers.authorization).not.toBe(refused);
      expect(oidc.tokenRequests - before).toBe(2);
    });
  });

  it("renews together with HTTP Retry without counting the renewal as an attempt", async () => {
    const retry = { kind: "http-retry", config: { attempts: 2, backoffMs: 0 } };
    await withApiGateway([{ slug: "orders", upstreamBaseUrl: `${upstream.origin}/orders`, rules: [...OPEN, oauth2(), retry] }], async (gateway) => {
      upstream.script("/orders/both", [{ status: 401 }, { status: 503 }, { status: 200, body: "ok" }]);
      expect(await get(gateway, "orders", "/both")).toMatchObject({ status: 200, body: "ok" });
      const tokens = upstream.requestsTo("/orders/both").map((request) => request.headers.authorization);
      expect(tokens).toHaveLength(3);
      expect(tokens[1]).not.toBe(tokens[0]);
      expect(tokens[2]).toBe(tokens[1]);
    });
  });

  it("sends the resource (RFC 8707) and the scope it is configured with", async () => {
    const resource = "https://orders.example.com/";
    await withApiGateway([{ slug: "orders", upstreamBaseUrl: `${upstream.origin}/orders`, rules: [...OPEN, oauth2({ resource, scope: "read:data", clientAuthentication: "client_secret_post" })] }], async (gateway) => {
      expect((await get(gateway, "orders", "/scoped")).status).toBe(200);
      const token = bearerOf(upstream.requestsTo("/orders/scoped")[0]!.headers.authorization);
      // Bound to a resource, the token is a JWT (which oidc-provider does not introspect).
      const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(oidc.jwksUrl)), { issuer: oidc.issuer, audience: resource });
      expect(payload).toMatchObject({ client_id: GATEWAY_CLIENT.id, scope: "read:data" });
    });
  });

  it("answers 502 problem details when the token endpoint refuses, and does not ask it again for every request", async () => {
    await withApiGateway([{ slug: "orders", upstreamBaseUrl: `${upstream.origin}/orders`, rules: [...OPEN, oauth2({ clientSecret: "wrong-secret" })] }], async (gateway) => {
      const before = oidc.tokenRequests;
      for (let i = 0; i < 2; i++) {
        const problem = await problemOf(await fetch(gateway.url("orders", "/x")), 502);
        expect(problem).toMatchObject({ type: "https://gatehouse.dev/problems/upstream_unavailable", detail: "The gateway could not obtain the upstream's credentials" });
      }
      expect(oidc.tokenRequests - before).toBe(1);
      expect(upstream.requests).toHaveLength(0);
    });
  });
});

describe("outbound credentials on an MCP server", () => {
  let everything: Awaited<ReturnType<typeof startServerEverything>>;
  let recorder: Awaited<ReturnType<typeof startRecordingProxy>>;
  let gateway: GatewayHarness;
  const requestTransformer = { kind: "request-transformer", config: { addHeaders: [{ name: "X-Tenant", value: "eu-1" }], removeHeaders: ["X-Debug"] } };
  const MCP_KEYED = { kind: "api-key-authenticator", config: { keys: [{ description: "agent" }] } };

  beforeAll(async () => {
    everything = await startServerEverything();
    recorder = await startRecordingProxy(everything.url);
    gateway = await startGateway([
      { slug: "bearer", upstreamUrl: recorder.url, rules: [MCP_KEYED, bearer("mcp-upstream-token"), requestTransformer] },
      { slug: "basic", upstreamUrl: recorder.url, rules: [MCP_KEYED, basic("mcp", "secret")] },
      { slug: "oauth2", upstreamUrl: recorder.url, rules: [MCP_KEYED, oauth2()] },
      { slug: "refusing", upstreamUrl: `${upstream.origin}/mcp`, rules: [...OPEN, oauth2({ scope: "mcp:access" })] },
    ]);
  });

  afterAll(async () => {
    await gateway?.close();
    await recorder?.close();
    await everything?.stop();
  });

  beforeEach(() => {
    recorder.requests.length = 0;
  });

  /** Initializes through the gateway with the caller's key as a Bearer token; returns what the MCP server was sent. */
  async function initialize(slug: string, headers: Record<string, string> = {}) {
    const [key] = gateway.keys(slug);
    const response = await postMcp(gateway.url(slug), initializeMessage(), { authorization: `Bearer ${key}`, ...headers });
    expect(response.status).toBe(200);
    const [answer] = await rpcMessages(response);
    expect(answer).toMatchObject({ result: { serverInfo: { name: "mcp-servers/everything" } } });
    expect(recorder.requests).toHaveLength(1);
    return { key: key!, received: recorder.requests[0]! };
  }

  it("sends the static Bearer token and applies the Request Transformer", async () => {
    const { key, received } = await initialize("bearer", { "x-debug": "1", "x-tenant": "caller" });
    expect(received.headers.authorization).toBe("Bearer mcp-upstream-token");
    expect(received.headers["x-tenant"]).toBe("eu-1");
    expect(received.headers).not.toHaveProperty("x-debug");
    expect(JSON.stringify(received.headers)).not.toContain(key);
  });

  it("sends Basic credentials", async () => {
    const { received } = await initialize("basic");
    expect(received.headers.authorization).toBe(`Basic ${Buffer.from("mcp:secret").toString("base64")}`);
  });

  it("sends an OAuth2 token from the token endpoint, reused for the next request", async () => {
    const before = oidc.tokenRequests;
    const { key, received } = await initialize("oauth2");
    const token = bearerOf(received.headers.authorization);
    expect(token).not.toBe(key);
    expect(await introspect(token)).toMatchObject({ active: true, client_id: GATEWAY_CLIENT.id });

    const again = await postMcp(gateway.url("oauth2"), initializeMessage(2), { authorization: `Bearer ${key}` });
    expect(again.status).toBe(200);
    await again.text();
    expect(recorder.requests[1]!.headers.authorization).toBe(`Bearer ${token}`);
    expect(oidc.tokenRequests - before).toBe(1);
  });

  it("renews the OAuth2 token once when the MCP server answers 401, and sends the message again", async () => {
    const message = initializeMessage("renew");
    const result = JSON.stringify({ jsonrpc: "2.0", id: "renew", result: { protocolVersion: "2025-06-18", capabilities: {}, serverInfo: { name: "scripted", version: "1" } } });
    upstream.script("/mcp", [{ status: 401, body: "" }, { status: 200, body: result }]);
    const before = oidc.tokenRequests;
    const response = await postMcp(gateway.url("refusing"), message);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: "renew", result: { serverInfo: { name: "scripted" } } });

    const [refused, renewed] = upstream.requestsTo("/mcp");
    expect(JSON.parse(renewed!.body)).toEqual(message);
    expect(renewed!.body).toBe(refused!.body);
    expect(renewed!.headers.authorization).not.toBe(refused!.headers.authorization);
    expect(oidc.tokenRequests - before).toBe(2);
  });
});
