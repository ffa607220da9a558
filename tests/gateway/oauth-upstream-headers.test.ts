import { generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type GatewayHarness } from "../helpers/gateway-harness";
import { expectRefusal, initializeMessage, postMcp } from "../helpers/mcp-requests";
import { clientCredentialsRule, jwtValidatorRule, metadataUrl } from "../helpers/oauth-rules";
import { accessTokenClaims, signAccessToken } from "../helpers/oauth-tokens";
import { AGENT, startOidcServer, type OidcServer } from "../helpers/oidc-server";
import { startRecordingProxy, type RecordedRequest } from "../helpers/recording-proxy";
import { anonymousRule, apiKeyRule } from "../helpers/rule-inputs";
import { startServerEverything } from "../helpers/server-everything";

/**
 * What crosses the gateway when an OAuth2 rule let the caller in: headers set from the
 * token's claims (never the client's copy), the caller's token only when "Propagate raw
 * token" asks for it (the MCP authorization spec forbids passthrough), and OAuth2, API keys
 * and anonymous access side by side in one policy.
 */
let upstream: Awaited<ReturnType<typeof startServerEverything>>;
let recorder: Awaited<ReturnType<typeof startRecordingProxy>>;
let oidc: OidcServer;
/** A second authorization server, for a policy that trusts two. */
let partner: OidcServer;
let strangerKey: CryptoKey;
let gateway: GatewayHarness;

const HEADERS_TO_ADD = [
  { header: "X-User-Id", expression: "claims.sub" },
  { header: "X-Client-Id", expression: "claims.client_id" },
  { header: "X-User-Email", expression: "claims.email" },
];
const KEY = apiKeyRule([{ description: "ci pipeline", roles: ["agent"] }]);

beforeAll(async () => {
  upstream = await startServerEverything();
  recorder = await startRecordingProxy(upstream.url);
  oidc = await startOidcServer();
  partner = await startOidcServer();
  ({ privateKey: strangerKey } = await generateKeyPair("ES256"));
  gateway = await startGateway([
    { slug: "claims", upstreamUrl: recorder.url, rules: [jwtValidatorRule(oidc, { headersToAdd: HEADERS_TO_ADD }), KEY] },
    { slug: "jwt-only", upstreamUrl: recorder.url, rules: [jwtValidatorRule(oidc)] },
    { slug: "passthrough", upstreamUrl: recorder.url, rules: [jwtValidatorRule(oidc, { propagateRawToken: true }), KEY] },
    { slug: "alternatives", upstreamUrl: recorder.url, rules: [jwtValidatorRule(oidc), KEY, anonymousRule(["visitor"])] },
    { slug: "oauth-or-key", upstreamUrl: recorder.url, rules: [jwtValidatorRule(oidc), KEY] },
    { slug: "key-or-oauth", upstreamUrl: recorder.url, rules: [KEY, jwtValidatorRule(oidc)] },
    { slug: "two-issuers", upstreamUrl: recorder.url, rules: [jwtValidatorRule(oidc), clientCredentialsRule(partner), KEY] },
  ]);
});

afterAll(async () => {
  await gateway?.close();
  await oidc?.close();
  await partner?.close();
  await recorder?.close();
  await upstream?.stop();
});

/** Sends an initialize through the gateway, expects it served, and returns what the upstream received. */
async function servedUpstream(slug: string, headers: Record<string, string>): Promise<RecordedRequest> {
  const before = recorder.requests.length;
  const response = await postMcp(gateway.url(slug), initializeMessage(), headers);
  expect(response.status).toBe(200);
  await response.text();
  expect(recorder.requests.length).toBe(before + 1);
  return recorder.requests.at(-1)!;
}

function lastIdentity() {
  return gateway.logs.at(-1)?.details.state?.identity ?? null;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe("JWT Validator: Headers to Add", () => {
  it("sets the upstream headers from the token's claims", async () => {
    const received = await servedUpstream("claims", bearer(await oidc.token(gateway.url("claims"))));
    expect(received.headers).toMatchObject({ "x-user-id": AGENT.id, "x-client-id": AGENT.id });
    expect(received.headers).not.toHaveProperty("x-user-email");
  });

  it("removes a client-sent copy first, also of a header whose claim the token lacks", async () => {
    const token = await signAccessToken(oidc, accessTokenClaims(oidc.issuer, gateway.url("claims"), { sub: "alice" }));
    const received = await servedUpstream("claims", { ...bearer(token), "X-User-Id": "admin", "x-client-id": "trusted-app", "X-User-Email": "ceo@example.com" });
    expect(received.headers["x-user-id"]).toBe("alice");
    expect(received.headers["x-client-id"]).toBe(AGENT.id);
    expect(received.headers).not.toHaveProperty("x-user-email");
  });

  it("leaves out a claim value with a line break rather than forward it", async () => {
    const token = await signAccessToken(oidc, accessTokenClaims(oidc.issuer, gateway.url("claims"), { sub: "alice", email: "alice@example.com\r\nX-Admin: yes" }));
    const received = await servedUpstream("claims", bearer(token));
    expect(received.headers["x-user-id"]).toBe("alice");
    expect(received.headers).not.toHaveProperty("x-user-email");
    expect(received.headers).not.toHaveProperty("x-admin");
  });

  it("removes the client's copies when the caller is let in by another authenticator of the policy", async () => {
    const received = await servedUpstream("claims", { "x-api-key": gateway.keys("claims")[0]!, "x-user-id": "admin", "x-user-email": "ceo@example.com" });
    expect(lastIdentity()).toMatchObject({ authenticatedBy: "api-key-authenticator" });
    expect(received.headers).not.toHaveProperty("x-user-id");
    expect(received.headers).not.toHaveProperty("x-user-email");
    expect(received.headers).not.toHaveProperty("x-api-key");
  });
});

describe("the caller's token and the upstream", () => {
  it.each(["jwt-only", "claims"])("never forwards the Authorization header when Propagate raw token is off (%s)", async (slug) => {
    const received = await servedUpstream(slug, bearer(await oidc.token(gateway.url(slug))));
    expect(received.headers).not.toHaveProperty("authorization");
  });

  it("forwards the caller's own Authorization header unchanged when Propagate raw token is on", async () => {
    const token = await oidc.token(gateway.url("passthrough"));
    const received = await servedUpstream("passthrough", bearer(token));
    expect(received.headers.authorization).toBe(`Bearer ${token}`);
  });

  it("still strips an API key sent as a bearer token on a policy that propagates OAuth2 tokens", async () => {
    const received = await servedUpstream("passthrough", bearer(gateway.keys("passthrough")[0]!));
    expect(lastIdentity()).toMatchObject({ authenticatedBy: "api-key-authenticator" });
    expect(received.headers).not.toHaveProperty("authorization");
  });
});

describe("OAuth2, API key and anonymous access as alternatives in one policy", () => {
  it("lets each credential in by its own authenticator, and none of them reaches the upstream", async () => {
    const key = gateway.keys("alternatives")[0]!;
    const cases: Array<[string, Record<string, string>, Record<string, unknown>]> = [
      ["a JWT", bearer(await oidc.token(gateway.url("alternatives"))), { id: AGENT.id, authenticatedBy: "mcp-oauth2-jwt-validator" }],
      ["an API key in X-API-Key", { "x-api-key": key }, { name: "ci pipeline", roles: ["agent"], authenticatedBy: "api-key-authenticator" }],
      ["an API key as Bearer ghk_…", bearer(key), { name: "ci pipeline", roles: ["agent"], authenticatedBy: "api-key-authenticator" }],
      ["nothing", {}, { id: "anonymous:127.0.0.1", roles: ["visitor"], authenticatedBy: "anonymous-authenticator" }],
    ];
    for (const [credential, headers, identity] of cases) {
      const received = await servedUpstream("alternatives", headers);
      expect({ credential, identity: lastIdentity() }).toMatchObject({ credential, identity });
      expect({ credential, headers: received.headers }).not.toMatchObject({ headers: { authorization: expect.anything() } });
      expect({ credential, headers: received.headers }).not.toMatchObject({ headers: { "x-api-key": expect.anything() } });
    }
  });

  it("does not take an API key sent as a bearer token for a JWT", async () => {
    await servedUpstream("oauth-or-key", bearer(gateway.keys("oauth-or-key")[0]!));
    const trace = gateway.logs.at(-1)!.details.state!.trace;
    expect(trace.map(({ kind, outcome }) => `${kind}:${outcome}`)).toEqual(["mcp-oauth2-jwt-validator:absent", "api-key-authenticator:authenticated"]);
  });

  it.each([
    ["another issuer", () => signAccessToken(oidc, accessTokenClaims("https://evil.example", gateway.url("alternatives")))],
    ["a key the issuer does not have", () => signAccessToken(oidc, accessTokenClaims(oidc.issuer, gateway.url("alternatives")), { key: strangerKey })],
  ])("refuses a JWT of %s instead of falling through to anonymous access", async (_what, token) => {
    const before = recorder.requests.length;
    const response = await postMcp(gateway.url("alternatives"), initializeMessage(4), bearer(await token()));
    expect(response.headers.get("www-authenticate")).toBe(
      `Bearer resource_metadata="${metadataUrl(gateway.origin, "alternatives")}", error="invalid_token", error_description="The access token is not valid"`,
    );
    await expectRefusal(response, { status: 401, code: -32001, id: 4, message: "The access token is not valid" });
    expect(gateway.logs.at(-1)!.details.state!.identity).toBeNull();
    expect(recorder.requests.length).toBe(before);
  });

  it.each(["oauth-or-key", "key-or-oauth"])("names both schemes in the 401 without credentials, the OAuth2 Bearer challenge first (%s)", async (slug) => {
    const response = await postMcp(gateway.url(slug), initializeMessage(5));
    expect(response.headers.get("www-authenticate")).toBe(`Bearer resource_metadata="${metadataUrl(gateway.origin, slug)}", ApiKey realm="gatehouse", header="X-API-Key"`);
    await expectRefusal(response, { status: 401, code: -32001, id: 5, message: "Authentication required: send a credential this server accepts" });
  });
});

describe("two OAuth2 rules trusting two authorization servers", () => {
  it("accepts each server's token by the rule that trusts it", async () => {
    await servedUpstream("two-issuers", bearer(await oidc.token(gateway.url("two-issuers"))));
    expect(lastIdentity()).toMatchObject({ id: AGENT.id, authenticatedBy: "mcp-oauth2-jwt-validator", claims: expect.objectContaining({ iss: oidc.issuer }) });
    await servedUpstream("two-issuers", bearer(await partner.token(gateway.url("two-issuers"))));
    expect(lastIdentity()).toMatchObject({ id: AGENT.id, authenticatedBy: "mcp-oauth2-client-credentials", claims: expect.objectContaining({ iss: partner.issuer }) });
  });

  it("lists both in the metadata and asks for the scopes of both in one Bearer challenge", async () => {
    const metadata = await fetch(metadataUrl(gateway.origin, "two-issuers"));
    expect(await metadata.json()).toMatchObject({ authorization_servers: [oidc.issuer, partner.issuer], scopes_supported: ["mcp:access"] });
    const response = await postMcp(gateway.url("two-issuers"), initializeMessage(6));
    expect(response.headers.get("www-authenticate")).toBe(
      `Bearer resource_metadata="${metadataUrl(gateway.origin, "two-issuers")}", scope="mcp:access", ApiKey realm="gatehouse", header="X-API-Key"`,
    );
    await expectRefusal(response, { status: 401, code: -32001, id: 6 });
  });

  it("refuses a token of an issuer neither rule trusts, without offering it to the API key rule", async () => {
    const before = recorder.requests.length;
    const stranger = await signAccessToken(oidc, accessTokenClaims("https://evil.example", gateway.url("two-issuers")));
    const response = await postMcp(gateway.url("two-issuers"), initializeMessage(8), bearer(stranger));
    expect(response.headers.get("www-authenticate")).toBe(
      `Bearer resource_metadata="${metadataUrl(gateway.origin, "two-issuers")}", error="invalid_token", error_description="The access token is not valid"`,
    );
    await expectRefusal(response, { status: 401, code: -32001, id: 8, message: "The access token is not valid" });
    expect(gateway.logs.at(-1)!.details.state!.trace.map(({ kind, outcome }) => `${kind}:${outcome}`)).toEqual([
      "mcp-oauth2-jwt-validator:invalid",
      "mcp-oauth2-client-credentials:invalid",
      "api-key-authenticator:skipped",
    ]);
    expect(recorder.requests.length).toBe(before);
  });
});
