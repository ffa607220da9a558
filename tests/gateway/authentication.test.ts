import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startGateway, type GatewayHarness } from "../helpers/gateway-harness";
import { expectRefusal, initializeMessage, postMcp } from "../helpers/mcp-requests";
import { startServerEverything } from "../helpers/server-everything";
import { policyWithRevokedKeys, startStoredGateway } from "../helpers/stored-gateway";

/**
 * The authenticate phase: API keys from a header, a bearer token or a query parameter, the
 * anonymous authenticator, and the order in which authenticators are tried.
 */
let upstream: Awaited<ReturnType<typeof startServerEverything>>;
let gateway: GatewayHarness;
let stored: Awaited<ReturnType<typeof startStoredGateway>>;
let revocation: ReturnType<typeof policyWithRevokedKeys>;

const EXPIRES_AT = new Date(Date.now() + 60 * 60 * 1000).toISOString();
const apiKeys = (config: Record<string, unknown> = {}) => ({
  kind: "api-key-authenticator",
  config: { keys: [{ description: "alice", roles: ["agent"] }], ...config },
});
const anonymous = { kind: "anonymous-authenticator", config: { roles: ["visitor"] } };
const CHALLENGE = 'Bearer realm="gatehouse", ApiKey realm="gatehouse", header="X-API-Key"';

beforeAll(async () => {
  upstream = await startServerEverything();
  gateway = await startGateway([
    { slug: "keys", upstreamUrl: upstream.url, rules: [apiKeys({ queryParameters: ["api_key"] })] },
    { slug: "own-header", upstreamUrl: upstream.url, rules: [apiKeys({ headerNames: ["X-Gatehouse-Key"], acceptBearer: false })] },
    { slug: "expiring", upstreamUrl: upstream.url, rules: [apiKeys({ keys: [{ description: "temporary", expiresAt: EXPIRES_AT }] })] },
    { slug: "keys-then-anonymous", upstreamUrl: upstream.url, rules: [apiKeys(), anonymous] },
    { slug: "anonymous-then-keys", upstreamUrl: upstream.url, rules: [anonymous, apiKeys()] },
    { slug: "anonymous", upstreamUrl: upstream.url, rules: [anonymous] },
  ]);
  revocation = policyWithRevokedKeys("revocation", [{ description: "kept" }, { description: "revoked", revoke: true }]);
  stored = await startStoredGateway([
    { id: "revocation", slug: "revocation", name: "revocation", upstreamUrl: upstream.url, enabled: true, timeoutSeconds: 60, policy: revocation.policy },
  ]);
});

afterAll(async () => {
  await gateway?.close();
  await stored?.close();
  await upstream?.stop();
});

afterEach(() => {
  vi.useRealTimers();
});

/** The identity the gateway's request log recorded for the last request. */
function lastIdentity(logs: GatewayHarness["logs"]) {
  return logs.at(-1)?.details.state?.identity ?? null;
}

async function expectServed(response: Response): Promise<void> {
  expect(response.status).toBe(200);
  await response.text();
}

describe("API Key Authenticator", () => {
  it("refuses a request without a key with 401 and a challenge naming what is accepted", async () => {
    const response = await postMcp(gateway.url("keys"), initializeMessage(1));
    expect(response.headers.get("www-authenticate")).toBe(CHALLENGE);
    await expectRefusal(response, { status: 401, code: -32001, id: 1, message: "Authentication required: send a credential this server accepts" });
  });

  it("names the configured header, and no Bearer, when bearer tokens are not accepted", async () => {
    const response = await postMcp(gateway.url("own-header"), initializeMessage("a"));
    expect(response.headers.get("www-authenticate")).toBe('ApiKey realm="gatehouse", header="X-Gatehouse-Key"');
    await expectRefusal(response, { status: 401, code: -32001, id: "a" });

    const bearer = await postMcp(gateway.url("own-header"), initializeMessage(), { authorization: `Bearer ${gateway.keys("own-header")[0]}` });
    await expectRefusal(bearer, { status: 401, code: -32001, id: 1, message: "Authentication required: send a credential this server accepts" });
    await expectServed(await postMcp(gateway.url("own-header"), initializeMessage(), { "x-gatehouse-key": gateway.keys("own-header")[0]! }));
  });

  it("refuses a wrong key with 401, wherever it is sent", async () => {
    const wrong = "ghk_notakeythisgatewayhaseverissued";
    for (const [headers, query] of [[{ "x-api-key": wrong }, ""], [{ authorization: `Bearer ${wrong}` }, ""], [{}, `?api_key=${wrong}`]] as const) {
      const response = await postMcp(gateway.url("keys") + query, initializeMessage(5), headers);
      expect(response.headers.get("www-authenticate")).toBe(CHALLENGE);
      await expectRefusal(response, { status: 401, code: -32001, id: 5, message: "The API key is not valid" });
    }
  });

  it("accepts a valid key in X-API-Key, in Authorization: Bearer and in the query parameter", async () => {
    const key = gateway.keys("keys")[0]!;
    for (const [headers, query] of [[{ "x-api-key": key }, ""], [{ authorization: `Bearer ${key}` }, ""], [{}, `?api_key=${encodeURIComponent(key)}`]] as const) {
      await expectServed(await postMcp(gateway.url("keys") + query, initializeMessage(), headers));
      expect(lastIdentity(gateway.logs)).toMatchObject({ id: expect.stringMatching(/^api-key:/), name: "alice", roles: ["agent"], authenticatedBy: "api-key-authenticator" });
    }
  });

  it("refuses a key that a later save revoked, and keeps accepting the others", async () => {
    const [kept, revoked] = revocation.keys;
    await expectServed(await postMcp(stored.url("revocation"), initializeMessage(), { "x-api-key": kept! }));
    await expectRefusal(await postMcp(stored.url("revocation"), initializeMessage(2), { "x-api-key": revoked! }), {
      status: 401,
      code: -32001,
      id: 2,
      message: "The API key is not valid",
    });
    expect(stored.logs.at(-1)?.details.state?.trace).toContainEqual(expect.objectContaining({ outcome: "invalid", reason: expect.stringMatching(/revoked$/) }));
  });

  it("accepts a key until it expires, and refuses it with 401 from then on", async () => {
    const key = gateway.keys("expiring")[0]!;
    await expectServed(await postMcp(gateway.url("expiring"), initializeMessage(), { "x-api-key": key }));

    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(Date.parse(EXPIRES_AT) + 1000));
    await expectRefusal(await postMcp(gateway.url("expiring"), initializeMessage(3), { "x-api-key": key }), {
      status: 401,
      code: -32001,
      id: 3,
      message: "The API key is not valid",
    });
    expect(gateway.logs.at(-1)?.details.state?.trace).toContainEqual(expect.objectContaining({ outcome: "invalid", reason: expect.stringMatching(/expired$/) }));
  });

  it("leaves a bearer token that is not a Gatehouse key to the next authenticator", async () => {
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib2IifQ.c2lnbmF0dXJl";
    await expectRefusal(await postMcp(gateway.url("keys"), initializeMessage(), { authorization: `Bearer ${jwt}` }), {
      status: 401,
      code: -32001,
      id: 1,
      message: "Authentication required: send a credential this server accepts",
    });
    await expectServed(await postMcp(gateway.url("keys-then-anonymous"), initializeMessage(), { authorization: `Bearer ${jwt}` }));
    expect(lastIdentity(gateway.logs)).toMatchObject({ id: "anonymous:127.0.0.1", authenticatedBy: "anonymous-authenticator" });
  });
});

describe("the order of authenticators", () => {
  it("tries them in the policy's order: a known key is used before falling back to anonymous", async () => {
    await expectServed(await postMcp(gateway.url("keys-then-anonymous"), initializeMessage(), { "x-api-key": gateway.keys("keys-then-anonymous")[0]! }));
    expect(lastIdentity(gateway.logs)).toMatchObject({ name: "alice", authenticatedBy: "api-key-authenticator" });

    await expectServed(await postMcp(gateway.url("keys-then-anonymous"), initializeMessage()));
    expect(lastIdentity(gateway.logs)).toMatchObject({ id: "anonymous:127.0.0.1", authenticatedBy: "anonymous-authenticator" });
  });

  it("refuses an invalid key rather than passing the caller on to a later authenticator", async () => {
    await expectRefusal(await postMcp(gateway.url("keys-then-anonymous"), initializeMessage(), { "x-api-key": "ghk_wrong" }), {
      status: 401,
      code: -32001,
      id: 1,
      message: "The API key is not valid",
    });
  });

  it("lets the first authenticator that accepts decide, so later ones never see the credential", async () => {
    await expectServed(await postMcp(gateway.url("anonymous-then-keys"), initializeMessage(), { "x-api-key": gateway.keys("anonymous-then-keys")[0]! }));
    expect(lastIdentity(gateway.logs)).toMatchObject({ id: "anonymous:127.0.0.1", authenticatedBy: "anonymous-authenticator" });
    await expectServed(await postMcp(gateway.url("anonymous-then-keys"), initializeMessage(), { "x-api-key": "ghk_wrong" }));
  });
});

describe("Anonymous Authenticator", () => {
  it("lets a caller in without credentials, identified by its client address and given the configured roles", async () => {
    await expectServed(await postMcp(gateway.url("anonymous"), initializeMessage()));
    expect(lastIdentity(gateway.logs)).toEqual({ id: "anonymous:127.0.0.1", roles: ["visitor"], authenticatedBy: "anonymous-authenticator", ruleId: expect.any(String) });
  });
});
