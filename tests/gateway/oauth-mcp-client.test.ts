import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { ClientCredentialsProvider } from "@modelcontextprotocol/sdk/client/auth-extensions.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { decodeJwt, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type GatewayHarness } from "../helpers/gateway-harness";
import { expectRefusal, initializeMessage, postMcp } from "../helpers/mcp-requests";
import { freePort } from "../helpers/free-port";
import { clientCredentialsRule, jwtValidatorRule, metadataUrl } from "../helpers/oauth-rules";
import { AGENT, startOidcServer, type OidcServer } from "../helpers/oidc-server";
import { apiKeyRule, roleRule } from "../helpers/rule-inputs";
import { startServerEverything } from "../helpers/server-everything";

/**
 * The MCP authorization spec end to end: the real SDK client, given only client credentials,
 * meets the gateway's 401, follows its protected resource metadata (RFC 9728) to the real
 * authorization server, gets a token bound to this MCP server (RFC 8707) and uses it, for a
 * JWT access token (checked by signature) and an opaque one (checked by introspection).
 */
let upstream: Awaited<ReturnType<typeof startServerEverything>>;
let oidc: OidcServer;
let opaque: OidcServer;
let gateway: GatewayHarness;
/** An address where nothing listens: an authorization server that is down. */
let deadOrigin: string;

const ACCESS = roleRule(["mcp:access"]);

beforeAll(async () => {
  upstream = await startServerEverything();
  oidc = await startOidcServer();
  opaque = await startOidcServer({ accessTokenFormat: "opaque" });
  deadOrigin = `http://127.0.0.1:${await freePort()}`;
  gateway = await startGateway([
    { slug: "oauth", upstreamUrl: upstream.url, rules: [clientCredentialsRule(oidc), ACCESS] },
    { slug: "opaque", upstreamUrl: upstream.url, rules: [clientCredentialsRule(opaque), ACCESS] },
    { slug: "opaque-wrong-secret", upstreamUrl: upstream.url, rules: [clientCredentialsRule(opaque, { clientSecret: "not-the-gateway-secret" }), ACCESS] },
    { slug: "keys-only", upstreamUrl: upstream.url, rules: [apiKeyRule([{ description: "agent", roles: ["mcp:access"] }]), ACCESS] },
    { slug: "keys-down", upstreamUrl: upstream.url, rules: [jwtValidatorRule(oidc, { jwksUrl: `${deadOrigin}/jwks` }), ACCESS] },
    { slug: "issuer-down", upstreamUrl: upstream.url, rules: [jwtValidatorRule({ issuer: deadOrigin }), ACCESS] },
  ]);
});

afterAll(async () => {
  await gateway?.close();
  await oidc?.close();
  await opaque?.close();
  await upstream?.stop();
});

type Exchange = { method: string; url: string; status: number };

/** Connects the SDK client with nothing but its client credentials; records every HTTP exchange it makes. */
async function connectWithClientCredentials(slug: string, issuer: string, url = gateway.url(slug)) {
  const exchanges: Exchange[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    exchanges.push({ method: init?.method ?? "GET", url: String(input instanceof Request ? input.url : input), status: response.status });
    return response;
  };
  const provider = new ClientCredentialsProvider({ clientId: AGENT.id, clientSecret: AGENT.secret, scope: "mcp:access", expectedIssuer: issuer });
  const client = new Client({ name: "gatehouse-oauth-test", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(url), { authProvider: provider, fetch: recordingFetch });
  await client.connect(transport);
  return { client, provider, exchanges };
}

async function expectToolsWork(client: Client): Promise<void> {
  const { tools } = await client.listTools();
  expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(["echo", "get-sum"]));
  const echoed = await client.callTool({ name: "echo", arguments: { message: "authorized by oauth" } });
  expect(JSON.stringify(echoed.content)).toContain("authorized by oauth");
  const sum = await client.callTool({ name: "get-sum", arguments: { a: 40, b: 2 } });
  expect(JSON.stringify(sum.content)).toContain("42");
}

function lastIdentity() {
  return gateway.logs.at(-1)?.details.state?.identity ?? null;
}

describe("the MCP SDK client with client credentials, against a JWT access token", () => {
  it("is refused, finds the authorization server through the metadata, gets a token for this server and uses it", async () => {
    const { client, provider, exchanges } = await connectWithClientCredentials("oauth", oidc.issuer);
    try {
      const discovery = exchanges.map(({ method, url, status }) => `${method} ${url} ${status}`);
      // Straight from the 401's challenge to the metadata it names, then to the authorization server it lists.
      expect(discovery.slice(0, 2)).toEqual([`POST ${gateway.url("oauth")} 401`, `GET ${metadataUrl(gateway.origin, "oauth")} 200`]);
      expect(discovery[2]).toMatch(new RegExp(`^GET ${oidc.issuer}/\\.well-known/(oauth-authorization-server|openid-configuration) 200$`));
      expect(discovery).toContain(`POST ${oidc.tokenEndpoint} 200`);
      expect(discovery.indexOf(`GET ${metadataUrl(gateway.origin, "oauth")} 200`)).toBeLessThan(discovery.indexOf(`POST ${oidc.tokenEndpoint} 200`));
      expect(discovery.at(-1)).toMatch(new RegExp(`^POST ${gateway.url("oauth")} 20[02]$`));

      const accessToken = provider.tokens()!.access_token;
      expect(decodeJwt(accessToken)).toMatchObject({ iss: oidc.issuer, aud: gateway.url("oauth"), scope: "mcp:access", client_id: AGENT.id });

      await expectToolsWork(client);
      expect(lastIdentity()).toMatchObject({ id: AGENT.id, roles: ["mcp:access"], authenticatedBy: "mcp-oauth2-client-credentials" });
    } finally {
      await client.close();
    }
  });

  it("connects through the /mcp/<slug>/mcp alias with a token for the server's canonical URL", async () => {
    const { client, provider, exchanges } = await connectWithClientCredentials("oauth", oidc.issuer, `${gateway.url("oauth")}/mcp`);
    try {
      expect(exchanges.slice(0, 2)).toEqual([
        { method: "POST", url: `${gateway.url("oauth")}/mcp`, status: 401 },
        { method: "GET", url: metadataUrl(gateway.origin, "oauth"), status: 200 },
      ]);
      expect(decodeJwt(provider.tokens()!.access_token)).toMatchObject({ aud: gateway.url("oauth") });
      await expectToolsWork(client);
    } finally {
      await client.close();
    }
  });

  it("refuses a client without credentials with 401 and a challenge that points at the metadata and names the scope", async () => {
    const response = await postMcp(gateway.url("oauth"), initializeMessage(1));
    expect(response.headers.get("www-authenticate")).toBe(`Bearer resource_metadata="${metadataUrl(gateway.origin, "oauth")}", scope="mcp:access"`);
    await expectRefusal(response, { status: 401, code: -32001, id: 1, message: "Authentication required: send a credential this server accepts" });
  });

  it("publishes the protected resource metadata to any origin", async () => {
    const response = await fetch(metadataUrl(gateway.origin, "oauth"), { headers: { origin: "https://inspector.example" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toStrictEqual({
      resource: gateway.url("oauth"),
      authorization_servers: [oidc.issuer],
      scopes_supported: ["mcp:access"],
      bearer_methods_supported: ["header"],
      resource_name: "oauth",
    });
  });

  it("answers a CORS preflight for the metadata", async () => {
    const response = await fetch(metadataUrl(gateway.origin, "oauth"), {
      method: "OPTIONS",
      headers: { origin: "https://inspector.example", "access-control-request-method": "GET", "access-control-request-headers": "mcp-protocol-version" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-headers")).toBe("mcp-protocol-version");
  });

  it("has no metadata for a server whose policy has no OAuth2 rule, nor for an unknown server", async () => {
    for (const slug of ["keys-only", "no-such-server"]) {
      const response = await fetch(metadataUrl(gateway.origin, slug));
      expect(response.status).toBe(404);
      expect(await response.json()).toStrictEqual({ error: "not_found", error_description: `No OAuth-protected MCP server at /mcp/${slug}` });
    }
  });

  it("refuses a valid token issued for another MCP server of the same gateway", async () => {
    const token = await oidc.token(gateway.url("keys-only"), "mcp:access");
    const response = await postMcp(gateway.url("oauth"), initializeMessage(2), { authorization: `Bearer ${token}` });
    expect(response.headers.get("www-authenticate")).toBe(
      `Bearer resource_metadata="${metadataUrl(gateway.origin, "oauth")}", scope="mcp:access", error="invalid_token", error_description="The access token is not valid"`,
    );
    await expectRefusal(response, { status: 401, code: -32001, id: 2, message: "The access token is not valid" });
  });
});

describe("the MCP SDK client with client credentials, against an opaque access token", () => {
  it("connects by itself and the gateway validates its token by introspection", async () => {
    const { client, provider, exchanges } = await connectWithClientCredentials("opaque", opaque.issuer);
    try {
      expect(exchanges[0]).toMatchObject({ method: "POST", url: gateway.url("opaque"), status: 401 });
      expect(exchanges).toContainEqual({ method: "POST", url: opaque.tokenEndpoint, status: 200 });
      const accessToken = provider.tokens()!.access_token;
      expect(accessToken).not.toContain(".");

      await expectToolsWork(client);
      expect(lastIdentity()).toMatchObject({
        id: AGENT.id,
        roles: ["mcp:access"],
        authenticatedBy: "mcp-oauth2-client-credentials",
        claims: expect.objectContaining({ active: true, client_id: AGENT.id, aud: gateway.url("opaque") }),
      });
    } finally {
      await client.close();
    }
  });

  it("refuses an opaque token that introspection says was issued for another MCP server", async () => {
    const token = await opaque.token(gateway.url("opaque-wrong-secret"), "mcp:access");
    const response = await postMcp(gateway.url("opaque"), initializeMessage(4), { authorization: `Bearer ${token}` });
    expect(response.headers.get("www-authenticate")).toBe(
      `Bearer resource_metadata="${metadataUrl(gateway.origin, "opaque")}", scope="mcp:access", error="invalid_token", error_description="The access token is not valid"`,
    );
    await expectRefusal(response, { status: 401, code: -32001, id: 4, message: "The access token is not valid" });
    expect(gateway.logs.at(-1)?.details.state?.trace).toContainEqual(expect.objectContaining({ outcome: "invalid", reason: "the token is not for this server (aud)" }));
  });

  // The token may be perfectly good; the gateway cannot check it. A 401 would send the client
  // to fetch new tokens in a loop; 503 with Retry-After tells it to come back.
  const UNAVAILABLE = "The access token cannot be checked right now: the authorization server is unavailable. Try again shortly.";

  it("answers 503, not 401, when the gateway's own client cannot authenticate to the introspection endpoint", async () => {
    const token = await opaque.token(gateway.url("opaque-wrong-secret"), "mcp:access");
    const response = await postMcp(gateway.url("opaque-wrong-secret"), initializeMessage(3), { authorization: `Bearer ${token}` });
    expect(response.headers.get("www-authenticate")).toBeNull();
    expect(response.headers.get("retry-after")).toBe("5");
    await expectRefusal(response, { status: 503, code: -32009, id: 3, message: UNAVAILABLE });
    expect(gateway.logs.at(-1)?.details.state?.trace).toContainEqual(expect.objectContaining({ outcome: "invalid", reason: expect.stringMatching(/^introspection failed: .*HTTP 401/) }));
  });

  it("answers 503 when the signing keys cannot be fetched, and passes nothing upstream", async () => {
    const token = await oidc.token(gateway.url("keys-down"), "mcp:access");
    const response = await postMcp(gateway.url("keys-down"), initializeMessage(4), { authorization: `Bearer ${token}` });
    expect(response.headers.get("retry-after")).toBe("5");
    await expectRefusal(response, { status: 503, code: -32009, id: 4, message: UNAVAILABLE });
    expect(gateway.logs.at(-1)?.details.state?.trace).toContainEqual(expect.objectContaining({ outcome: "invalid", reason: expect.stringMatching(/^the signing keys are unavailable \(The signing keys could not be fetched/) }));
  });

  it("answers 503 when the authorization server's metadata cannot be discovered", async () => {
    const { privateKey } = await generateKeyPair("RS256");
    const token = await new SignJWT({ scope: "mcp:access" })
      .setProtectedHeader({ alg: "RS256", kid: "k1" })
      .setIssuer(deadOrigin)
      .setAudience(gateway.url("issuer-down"))
      .setSubject("agent")
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(privateKey);
    const response = await postMcp(gateway.url("issuer-down"), initializeMessage(5), { authorization: `Bearer ${token}` });
    await expectRefusal(response, { status: 503, code: -32009, id: 5, message: UNAVAILABLE });
    expect(gateway.logs.at(-1)?.details.state?.trace).toContainEqual(expect.objectContaining({ outcome: "invalid", reason: expect.stringMatching(/^the signing keys are unavailable \(discovery failed/) }));
  });

  it("still answers 401 for a token that is bad whatever the authorization server says", async () => {
    const response = await postMcp(gateway.url("keys-down"), initializeMessage(6), { authorization: "Bearer not-a-jwt" });
    await expectRefusal(response, { status: 401, code: -32001, id: 6, message: "The access token is not valid" });
  });
});
