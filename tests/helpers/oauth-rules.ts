import { GATEWAY_CLIENT, type OidcServer } from "./oidc-server";

/**
 * The two OAuth2 rule kinds as the console and the REST API send them, pointed at a test
 * authorization server (oidc-server.ts). The JWKS URL is left empty unless given, so the
 * gateway discovers it from the issuer's metadata as it would in production.
 */
export function clientCredentialsRule(oidc: Pick<OidcServer, "issuer" | "tokenEndpoint">, config: Record<string, unknown> = {}) {
  return {
    kind: "mcp-oauth2-client-credentials",
    config: {
      tokenEndpointUrl: oidc.tokenEndpoint,
      clientId: GATEWAY_CLIENT.id,
      clientSecret: GATEWAY_CLIENT.secret,
      scope: "mcp:access",
      authDomain: oidc.issuer,
      jwksUrl: "",
      ...config,
    },
  };
}

export function jwtValidatorRule(oidc: Pick<OidcServer, "issuer">, config: Record<string, unknown> = {}) {
  return { kind: "mcp-oauth2-jwt-validator", config: { authDomain: oidc.issuer, ...config } };
}

/** The protected resource metadata URL of a gateway server (RFC 9728 §3.1). */
export function metadataUrl(origin: string, slug: string): string {
  return `${origin}/.well-known/oauth-protected-resource/mcp/${slug}`;
}
