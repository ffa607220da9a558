import { randomUUID } from "node:crypto";
import { exportJWK, exportSPKI, importJWK, SignJWT, type JWTHeaderParameters, type JWTPayload } from "jose";
import { AGENT, type OidcServer } from "./oidc-server";

/**
 * Access tokens made by hand, for the cases a real authorization server never issues:
 * validly signed but wrong in one claim, signed by the wrong key, unsigned, tampered.
 */

/** The claims of a token the authorization server could have issued for `audience`, with overrides. */
export function accessTokenClaims(issuer: string, audience: string, overrides: JWTPayload = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return { iss: issuer, aud: audience, sub: AGENT.id, client_id: AGENT.id, scope: "mcp:access", iat: now, exp: now + 300, jti: randomUUID(), ...overrides };
}

/** Signs claims as the test authorization server does (ES256, its kid), or with another key or header. */
export function signAccessToken(
  oidc: Pick<OidcServer, "privateKey" | "kid">,
  claims: JWTPayload,
  options: { key?: CryptoKey | Uint8Array; header?: Partial<JWTHeaderParameters> } = {},
): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: "ES256", typ: "at+jwt", kid: oidc.kid, ...options.header }).sign(options.key ?? oidc.privateKey);
}

const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** An unsecured JWT (RFC 7519 §6): `alg: none` and an empty signature. */
export function unsignedToken(claims: JWTPayload): string {
  return `${segment({ alg: "none", typ: "JWT" })}.${segment(claims)}.`;
}

/** The token with its payload replaced, the original header and signature kept. */
export function withPayload(token: string, change: (claims: JWTPayload) => JWTPayload): string {
  const [header, payload, signature] = token.split(".");
  const claims = JSON.parse(Buffer.from(payload!, "base64url").toString("utf8")) as JWTPayload;
  return `${header}.${segment(change(claims))}.${signature}`;
}

/** The token with one character of its signature changed. */
export function withFlippedSignature(token: string): string {
  const [header, payload, signature] = token.split(".");
  const at = Math.floor(signature!.length / 2);
  const flipped = signature![at] === "A" ? "B" : "A";
  return `${header}.${payload}.${signature!.slice(0, at)}${flipped}${signature!.slice(at + 1)}`;
}

/** The public half of the server's key as PEM: what an attacker uses as an HMAC secret. */
export async function publicKeyPem(oidc: Pick<OidcServer, "privateKey">): Promise<string> {
  const { kty, crv, x, y } = await exportJWK(oidc.privateKey);
  return exportSPKI((await importJWK({ kty, crv, x, y }, "ES256")) as CryptoKey);
}

/** Revokes a token at the server's revocation endpoint (RFC 7009), as the client it was issued to. */
export async function revokeToken(oidc: Pick<OidcServer, "issuer">, token: string): Promise<void> {
  const response = await fetch(`${oidc.issuer}/token/revocation`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${AGENT.id}:${AGENT.secret}`).toString("base64")}` },
    body: new URLSearchParams({ token, token_type_hint: "access_token" }),
  });
  if (response.status !== 200) throw new Error(`revocation failed: HTTP ${response.status} ${await response.text()}`);
}
