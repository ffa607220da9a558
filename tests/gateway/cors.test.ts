import { request as undiciRequest } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startGateway, type GatewayHarness } from "../helpers/gateway-harness";
import { expectRefusal, initializeMessage, postMcp, rpcMessages } from "../helpers/mcp-requests";
import { startRecordingProxy } from "../helpers/recording-proxy";
import { startServerEverything } from "../helpers/server-everything";

/**
 * CORS Restriction: preflights answered without credentials, browser origins checked before
 * anything else, and without a CORS rule only the gateway's own origin let through (the MCP
 * transport's Origin validation against DNS rebinding).
 */
let upstream: Awaited<ReturnType<typeof startServerEverything>>;
let recorder: Awaited<ReturnType<typeof startRecordingProxy>>;
let gateway: GatewayHarness;

const APP = "https://app.example.com";
const anonymous = { kind: "anonymous-authenticator", config: {} };

beforeAll(async () => {
  upstream = await startServerEverything();
  recorder = await startRecordingProxy(upstream.url);
  gateway = await startGateway([
    {
      slug: "cors",
      upstreamUrl: recorder.url,
      rules: [{ kind: "cors-restriction", config: { allowedOrigins: [APP, "https://*.tools.example.com"], allowedMethods: ["GET", "POST", "DELETE"] } }, anonymous],
    },
    {
      slug: "cors-credentials",
      upstreamUrl: recorder.url,
      rules: [
        { kind: "cors-restriction", config: { allowedOrigins: [APP], allowCredentials: true, allowedHeaders: ["Content-Type", "Authorization", "Mcp-Session-Id"] } },
        { kind: "api-key-authenticator", config: { keys: [{ description: "browser app" }] } },
      ],
    },
    { slug: "cors-any", upstreamUrl: recorder.url, rules: [{ kind: "cors-restriction", config: { allowedOrigins: ["*"] } }, anonymous] },
    {
      slug: "cors-and-ip",
      upstreamUrl: recorder.url,
      rules: [{ kind: "ip-restriction", config: { denylist: [{ address: "127.0.0.1" }] } }, { kind: "cors-restriction", config: { allowedOrigins: [APP] } }, anonymous],
    },
    { slug: "no-cors", upstreamUrl: recorder.url, rules: [anonymous] },
  ]);
});

afterAll(async () => {
  await gateway?.close();
  await recorder?.close();
  await upstream?.stop();
});

beforeEach(() => {
  recorder.requests.length = 0;
});

function preflight(slug: string, origin: string, method = "POST", headers = "content-type, mcp-session-id") {
  return fetch(gateway.url(slug), {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": method, "access-control-request-headers": headers },
  });
}

describe("CORS preflight", () => {
  it("answers an allowed origin with 204 and the CORS headers, without asking for credentials", async () => {
    const response = await preflight("cors-credentials", APP);
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
    expect(response.headers.get("access-control-allow-origin")).toBe(APP);
    expect(response.headers.get("access-control-allow-methods")).toBe("GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS");
    expect(response.headers.get("access-control-allow-headers")).toBe("Content-Type, Authorization, Mcp-Session-Id");
    expect(response.headers.get("access-control-max-age")).toBe("300");
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
    expect(response.headers.get("vary")).toBe("Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
    expect(response.headers.get("www-authenticate")).toBeNull();
    expect(recorder.requests).toEqual([]);
  });

  it("echoes the requested headers when the rule lists none, and sends no credentials header unless allowed", async () => {
    const response = await preflight("cors", APP, "DELETE", "Mcp-Session-Id, MCP-Protocol-Version");
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(APP);
    expect(response.headers.get("access-control-allow-methods")).toBe("GET, POST, DELETE");
    expect(response.headers.get("access-control-allow-headers")).toBe("mcp-session-id, mcp-protocol-version");
    expect(response.headers.get("access-control-allow-credentials")).toBeNull();
  });

  it("refuses a preflight from an origin that is not allowed with 403", async () => {
    const response = await preflight("cors", "https://evil.example");
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    await expectRefusal(response, { status: 403, code: -32003, id: null, message: /origin https:\/\/evil\.example is not allowed/ });
  });

  it("refuses a preflight for a method or a header the rule does not allow", async () => {
    await expectRefusal(await preflight("cors", APP, "PUT"), { status: 403, code: -32003, id: null, message: /method PUT is not allowed/ });
    await expectRefusal(await preflight("cors-credentials", APP, "POST", "content-type, x-debug"), {
      status: 403,
      code: -32003,
      id: null,
      message: /request header x-debug is not allowed/,
    });
  });
});

describe("CORS on actual requests", () => {
  it("serves an allowed origin and tells the browser which headers its script may read", async () => {
    const response = await postMcp(gateway.url("cors"), initializeMessage(), { origin: APP });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe(APP);
    expect(response.headers.get("access-control-expose-headers")).toBe("Mcp-Session-Id, MCP-Protocol-Version, WWW-Authenticate");
    expect(response.headers.get("vary")).toBe("Origin");
    expect(await rpcMessages(response)).toMatchObject([{ id: 1, result: { serverInfo: expect.any(Object) } }]);
    expect(recorder.requests).toHaveLength(1);
    expect(recorder.requests[0]!.headers.origin).toBeUndefined();
  });

  it("refuses a request from an origin that is not allowed with 403, before the upstream sees it", async () => {
    const response = await postMcp(gateway.url("cors"), initializeMessage(7), { origin: "https://evil.example" });
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    await expectRefusal(response, { status: 403, code: -32003, id: null, message: "Requests from origin https://evil.example are not allowed" });
    expect(recorder.requests).toEqual([]);
  });

  it("matches wildcard subdomain patterns on one or more labels, with the same scheme and port only", async () => {
    for (const origin of ["https://a.tools.example.com", "https://deep.a.tools.example.com"]) {
      const response = await postMcp(gateway.url("cors"), initializeMessage(), { origin });
      expect(response.status, origin).toBe(200);
      expect(response.headers.get("access-control-allow-origin")).toBe(origin);
      await response.text();
    }
    for (const origin of ["https://tools.example.com", "http://a.tools.example.com", "https://a.tools.example.com:8443", "https://eviltools.example.com"]) {
      await expectRefusal(await postMcp(gateway.url("cors"), initializeMessage(), { origin }), { status: 403, code: -32003, id: null });
    }
  });

  it("answers * for any origin when credentials are not allowed", async () => {
    const response = await postMcp(gateway.url("cors-any"), initializeMessage(), { origin: "https://anywhere.example" });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-credentials")).toBeNull();
    await response.text();
  });

  it("with credentials allowed, names the origin and lets the page read a 401 and its challenge", async () => {
    const response = await postMcp(gateway.url("cors-credentials"), initializeMessage(3), { origin: APP });
    expect(response.headers.get("access-control-allow-origin")).toBe(APP);
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
    expect(response.headers.get("access-control-expose-headers")).toContain("WWW-Authenticate");
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="gatehouse", ApiKey realm="gatehouse", header="X-API-Key"');
    await expectRefusal(response, { status: 401, code: -32001, id: 3 });

    const allowed = await postMcp(gateway.url("cors-credentials"), initializeMessage(), { origin: APP, authorization: `Bearer ${gateway.keys("cors-credentials")[0]}` });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(APP);
    expect(allowed.headers.get("access-control-allow-credentials")).toBe("true");
    await allowed.text();
  });

  it("lets the page of an allowed origin read a refusal by a later rule (IP restriction)", async () => {
    const response = await postMcp(gateway.url("cors-and-ip"), initializeMessage(), { origin: APP });
    expect(response.headers.get("access-control-allow-origin")).toBe(APP);
    await expectRefusal(response, { status: 403, code: -32003, id: null, message: "Requests from your address are not allowed" });
  });
});

describe("without a CORS rule", () => {
  it("refuses a request with a foreign Origin", async () => {
    await expectRefusal(await postMcp(gateway.url("no-cors"), initializeMessage(), { origin: "https://evil.example" }), {
      status: 403,
      code: -32003,
      id: null,
      message: "Requests from origin https://evil.example are not allowed",
    });
    expect(recorder.requests).toEqual([]);
  });

  it("serves a request whose Origin is the gateway's own origin, or that has no Origin", async () => {
    const same = await postMcp(gateway.url("no-cors"), initializeMessage(), { origin: gateway.origin });
    expect(same.status).toBe(200);
    await same.text();
    const none = await postMcp(gateway.url("no-cors"), initializeMessage());
    expect(none.status).toBe(200);
    await none.text();
  });

  it("counts localhost as its own origin when reached as localhost", async () => {
    const port = new URL(gateway.origin).port;
    const response = await undiciRequest(gateway.url("no-cors"), {
      method: "POST",
      headers: { host: `localhost:${port}`, origin: `http://localhost:${port}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify(initializeMessage()),
    });
    expect(response.statusCode).toBe(200);
    await response.body.text();
  });

  // Without GATEHOUSE_PUBLIC_URL, a Host is believed as the gateway's own origin only when it
  // cannot be rebound (localhost, an IP address): a rebinding page sets Host and Origin alike.
  it("refuses a DNS-rebinding page, whose Host and Origin both name the attacker's domain", async () => {
    const port = new URL(gateway.origin).port;
    const response = await undiciRequest(gateway.url("no-cors"), {
      method: "POST",
      headers: { host: `rebind.attacker.example:${port}`, origin: `http://rebind.attacker.example:${port}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify(initializeMessage()),
    });
    expect(response.statusCode).toBe(403);
    expect(await response.body.json()).toEqual({
      jsonrpc: "2.0",
      id: null,
      error: { code: -32003, message: `Requests from origin http://rebind.attacker.example:${port} are not allowed` },
    });
    expect(recorder.requests).toEqual([]);
  });
});
