import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from "jose";

/**
 * Validating an OAuth 2.0 access token as a resource server (MCP authorization spec; RFC 9068
 * for JWT access tokens; RFC 8707 for audiences). Shared by the two OAuth2 rule kinds.
 */
export const MAX_TOKEN_BYTES = 16 * 1024;

export type BearerToken = { token: string } | { absent: true } | { refused: string };

/**
 * The bearer token of a request: only from the Authorization header (RFC 6750 §2.1). A token
 * in the query string is refused: URLs end up in logs (OAuth 2.1 §5.2.2 forbids it).
 */
export function bearerToken(authorization: string | undefined, query: URLSearchParams): BearerToken {
  if (query.has("access_token")) return { refused: "Send the access token in the Authorization header, not in the query string" };
  if (!authorization) return { absent: true };
  const match = /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)\s*$/i.exec(authorization);
  if (!match) return /^Bearer\b/i.test(authorization) ? { refused: "The Authorization header is not a valid bearer token" } : { absent: true };
  if (match[1]!.length > MAX_TOKEN_BYTES) return { refused: `The access token is longer than ${MAX_TOKEN_BYTES} bytes` };
  return { token: match[1]! };
}

export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}

/** The `iss` a JWT claims, before anything is verified: only to find the rule it is for. */
export function unverifiedIssuer(token: string): string | undefined {
  try {
    const { iss } = decodeJwt(token);
    return typeof iss === "string" ? iss : undefined;
  } catch {
    return undefined;
  }
}

export type JwtCheck = {
  issuer: string;
  /** The token's `aud` must contain one of these. */
  audiences: string[];
  algorithms: string[];
  clockSkewSeconds: number;
  now: () => number;
};

/**
 * Thrown by a key function when the authorization server's signing keys could not be obtained
 * at all (the key endpoint or discovery is down or misconfigured). The token may be perfectly
 * valid: the gateway cannot tell, which is its own trouble and not the caller's (503, not 401).
 */
export class SigningKeysUnavailable extends errors.JWKSNoMatchingKey {}

/** `unavailable`: the token could not be checked, because the authorization server's keys could not be had. */
export type TokenVerdict = { ok: true; claims: JWTPayload } | { ok: false; reason: string; unavailable?: true };

/** Verifies signature, algorithm, issuer, audience and lifetime; reasons are for the log. */
export async function verifyJwtAccessToken(token: string, getKey: JWTVerifyGetKey, check: JwtCheck): Promise<TokenVerdict> {
  let header;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return { ok: false, reason: "not a JWT" };
  }
  // Keys come only from the configured JWKS: a token naming its own key location is refused
  // rather than silently ignored, since it is an attempt to choose the key (RFC 8725 §3.10).
  if ("jku" in header || "x5u" in header || "jwk" in header || "x5c" in header) return { ok: false, reason: "the token names its own key (jku/x5u/jwk/x5c)" };
  if (!header.alg || !check.algorithms.includes(header.alg)) return { ok: false, reason: `algorithm ${header.alg ?? "none"} is not allowed` };
  try {
    const { payload } = await jwtVerify(token, getKey, {
      issuer: check.issuer,
      audience: check.audiences,
      algorithms: check.algorithms,
      clockTolerance: check.clockSkewSeconds,
      currentDate: new Date(check.now()),
      requiredClaims: ["exp"],
    });
    if (typeof payload.iat === "number" && payload.iat > check.now() / 1000 + check.clockSkewSeconds) {
      return { ok: false, reason: "the token was issued in the future (iat)" };
    }
    return { ok: true, claims: payload };
  } catch (error) {
    if (error instanceof SigningKeysUnavailable) return { ok: false, reason: `the signing keys are unavailable (${error.message})`, unavailable: true };
    return { ok: false, reason: describeJoseError(error) };
  }
}

function describeJoseError(error: unknown): string {
  if (error instanceof errors.JWTExpired) return "the token expired";
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "iss") return "wrong issuer (iss)";
    if (error.claim === "aud") return "the token is not for this server (aud)";
    if (error.claim === "nbf") return "the token is not valid yet (nbf)";
    return `claim ${error.claim} is invalid: ${error.message}`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return "the signature does not verify";
  if (error instanceof errors.JWKSNoMatchingKey) return `no signing key matches the token (${error.message})`;
  if (error instanceof errors.JOSEAlgNotAllowed) return "the algorithm is not allowed";
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return "malformed token";
  return error instanceof Error ? error.message : String(error);
}

/** The scopes a token carries: `scope` (RFC 9068, space-separated) or `scp` (a list, Entra ID/Okta). */
export function tokenScopes(claims: Record<string, unknown>): string[] {
  if (typeof claims.scope === "string") return claims.scope.split(" ").filter(Boolean);
  if (Array.isArray(claims.scp)) return claims.scp.filter((scope): scope is string => typeof scope === "string");
  if (typeof claims.scp === "string") return claims.scp.split(" ").filter(Boolean);
  return [];
}
