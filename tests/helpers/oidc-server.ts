import http from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair } from "jose";
import Provider, { type Configuration } from "oidc-provider";

/**
 * A real OAuth 2.0 authorization server for the tests: oidc-provider with the client
 * credentials grant, resource indicators (RFC 8707: a token is bound to the MCP server it was
 * requested for) and introspection. `accessTokenFormat: "opaque"` makes the second
 * configuration the issue asks for, whose tokens can only be checked by introspection.
 */
export const SCOPES = ["mcp:access", "read:data", "write:data"];
export const AGENT = { id: "mcp-agent", secret: "agent-secret-0123456789abcdef" };
export const GATEWAY_CLIENT = { id: "gatehouse", secret: "gatehouse-secret-0123456789abcdef" };

export type OidcServer = {
  issuer: string;
  tokenEndpoint: string;
  jwksUrl: string;
  /** A client credentials token for the resource, with the given scopes. */
  token(resource: string, scope?: string): Promise<string>;
  /** The signing key, to forge tokens that are validly signed but wrong otherwise. */
  privateKey: CryptoKey;
  kid: string;
  /** How many token requests (POST /token) the server has answered so far, from anyone. */
  readonly tokenRequests: number;
  close(): Promise<void>;
};

export async function startOidcServer(options: { accessTokenFormat?: "jwt" | "opaque"; accessTokenTtlSeconds?: number } = {}): Promise<OidcServer> {
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: "test-es256", alg: "ES256", use: "sig" };

  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const configuration: Configuration = {
    clients: [
      { client_id: AGENT.id, client_secret: AGENT.secret, grant_types: ["client_credentials"], redirect_uris: [], response_types: [], id_token_signed_response_alg: "ES256", scope: SCOPES.join(" ") },
      { client_id: GATEWAY_CLIENT.id, client_secret: GATEWAY_CLIENT.secret, grant_types: ["client_credentials"], redirect_uris: [], response_types: [], id_token_signed_response_alg: "ES256" },
    ],
    jwks: { keys: [jwk] },
    scopes: SCOPES,
    ttl: { ClientCredentials: options.accessTokenTtlSeconds ?? 300 },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      // Any registered client may introspect: the gateway's client is the one that does.
      introspection: { enabled: true, allowedPolicy: async () => true },
      // RFC 7009 at /token/revocation: a client may revoke only its own tokens.
      revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => undefined as unknown as string,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => ({
          scope: SCOPES.join(" "),
          audience: resource,
          accessTokenTTL: options.accessTokenTtlSeconds ?? 300,
          accessTokenFormat: options.accessTokenFormat ?? "jwt",
          jwt: { sign: { alg: "ES256" } },
        }),
      },
    },
  };
  const provider = new Provider(issuer, configuration);
  let tokenRequests = 0;
  server.on("request", (request: http.IncomingMessage) => {
    if (request.method === "POST" && request.url?.split("?")[0] === "/token") tokenRequests++;
  });
  server.on("request", provider.callback());

  return {
    issuer,
    tokenEndpoint: `${issuer}/token`,
    jwksUrl: `${issuer}/jwks`,
    privateKey,
    kid: jwk.kid,
    get tokenRequests() {
      return tokenRequests;
    },
    async token(resource, scope = SCOPES.join(" ")) {
      const response = await fetch(`${issuer}/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${AGENT.id}:${AGENT.secret}`).toString("base64")}` },
        body: new URLSearchParams({ grant_type: "client_credentials", scope, resource }),
      });
      const body = (await response.json()) as { access_token?: string; error?: string; error_description?: string };
      if (!body.access_token) throw new Error(`token request failed: ${body.error}: ${body.error_description}`);
      return body.access_token;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
