import { bearerToken, looksLikeJwt, tokenScopes, unverifiedIssuer, verifyJwtAccessToken } from "./access-token";
import { compileCel, type CompiledCel } from "./cel";
import { formatChallenges } from "./challenge";
import { deny, type Denial } from "./denials";
import type { OAuthPort } from "./ports";
import type { Identity, PolicyRequest } from "./request-context";
import { API_KEY_FORMAT_PREFIX } from "./rules/api-key-authenticator";
import type { RuleKind } from "./rule-kinds";
import type { AuthenticationResult, AuthenticatorEvaluator, Challenge } from "./types";
import { TokenCache } from "./token-cache";

/**
 * The authenticator behind both OAuth2 rule kinds: the caller's bearer token is verified
 * (a JWT against the issuer's keys; with introspection configured, an opaque token by RFC
 * 7662), its claims become the identity through the rule's expressions, and the verdict is
 * cached for min(TTL, the token's remaining lifetime).
 */
export type OAuthAuthenticatorOptions = {
  ruleId: string;
  kind: RuleKind;
  issuer: string;
  jwksUrl: string | null;
  /** Required audience; null: the MCP server's own canonical URL (RFC 8707). */
  audience: string | null;
  algorithms: string[];
  clockSkewSeconds: number;
  requiredScopes: string[];
  userIdExpression: string;
  rolesExpression: string;
  headersToAdd: { header: string; expression: string }[];
  propagateRawToken: boolean;
  cacheTtlSeconds: number;
  /** The client that may introspect opaque tokens (Client Credentials rule). */
  introspectionClient: { id: string; secret: string } | null;
  oauth: OAuthPort;
  now: () => number;
};

type Verified = { identity: Identity; upstreamHeaders: Record<string, string>; scopes: string[]; expiresAt: number };

export function compileOAuthAuthenticator(options: OAuthAuthenticatorOptions): AuthenticatorEvaluator {
  const userId = compileCel(options.userIdExpression, ["claims"]);
  const roles = compileCel(options.rolesExpression, ["claims"]);
  const headers = options.headersToAdd.map((row) => ({ name: row.header.toLowerCase(), value: compileCel(row.expression, ["claims"]) }));
  const getKey = options.oauth.signingKeys(options.issuer, options.jwksUrl);
  const cache = new TokenCache<Verified>(10_000, options.now);
  const scope = options.requiredScopes.join(" ");

  const challenges = (request: PolicyRequest): Challenge[] => [
    { scheme: "Bearer", params: { resource_metadata: request.resource.metadataUrl, ...(scope ? { scope } : {}) }, oauth: true },
  ];
  const refuse = (request: PolicyRequest, reason: string, code: "invalid_token" | "invalid_request", message: string, passOn = false): AuthenticationResult => ({
    outcome: "invalid",
    reason,
    denial: deny("invalid_credentials", message, { "www-authenticate": formatChallenges(challenges(request), { code, description: message }) }),
    ...(passOn ? { passOn } : {}),
  });

  // A 401 would tell the client its token is bad, and it would fetch new ones in a loop while
  // the authorization server is down; a 503 with Retry-After says to come back.
  const unavailable = (reason: string): AuthenticationResult => ({
    outcome: "invalid",
    reason,
    denial: deny("authorization_unavailable", "The access token cannot be checked right now: the authorization server is unavailable. Try again shortly.", { "retry-after": "5" }),
  });

  function identityFrom(claims: Record<string, unknown>): { ok: true; identity: Identity; upstreamHeaders: Record<string, string> } | { ok: false; reason: string } {
    const id = evaluate(userId, claims);
    if (!id.ok || typeof id.value !== "string" || id.value === "") return { ok: false, reason: `the User ID Expression gave no user ID (${id.ok ? typeof id.value : id.error})` };
    const roleList = evaluate(roles, claims);
    if (!roleList.ok) return { ok: false, reason: `the Roles Expression failed: ${roleList.error}` };
    const roleValues = typeof roleList.value === "string" ? roleList.value.split(" ") : Array.isArray(roleList.value) ? roleList.value : [];
    const upstreamHeaders: Record<string, string> = {};
    for (const header of headers) {
      const value = evaluate(header.value, claims);
      // A value with a line break would split the header; such a claim is left out, not forwarded.
      if (value.ok && typeof value.value === "string" && !/[\r\n\0]/.test(value.value)) upstreamHeaders[header.name] = value.value;
    }
    return {
      ok: true,
      identity: {
        id: id.value,
        roles: roleValues.filter((role): role is string => typeof role === "string" && role !== ""),
        authenticatedBy: options.kind,
        ruleId: options.ruleId,
        claims,
      },
      upstreamHeaders,
    };
  }

  /** `unavailable`: the authorization server could not be asked (keys, discovery or introspection failed); the token is not known to be bad. */
  async function verify(token: string, request: PolicyRequest): Promise<{ ok: true; verified: Verified } | { ok: false; reason: string; unavailable?: true }> {
    const audience = options.audience ?? request.resource.url;
    let claims: Record<string, unknown>;
    if (looksLikeJwt(token)) {
      const verdict = await verifyJwtAccessToken(token, getKey, {
        issuer: options.issuer,
        audiences: [audience],
        algorithms: options.algorithms,
        clockSkewSeconds: options.clockSkewSeconds,
        now: options.now,
      });
      if (!verdict.ok) return verdict;
      claims = verdict.claims as Record<string, unknown>;
    } else if (options.introspectionClient) {
      const result = await options.oauth.introspect(options.issuer, token, options.introspectionClient);
      if (!result.ok) return { ok: false, reason: `introspection failed: ${result.error}`, unavailable: true };
      if (!result.response.active) return { ok: false, reason: "the token is not active (introspection)" };
      // RFC 7662 makes `sub` optional; a client credentials token's subject is its client.
      claims = { ...result.response, sub: result.response.sub ?? result.response.client_id };
      const audiences = Array.isArray(claims.aud) ? claims.aud : claims.aud === undefined ? [] : [claims.aud];
      // An introspected token names its audience only when the server binds it to one (RFC 8707).
      if (audiences.length > 0 && !audiences.includes(audience)) return { ok: false, reason: "the token is not for this server (aud)" };
      if (typeof claims.exp === "number" && claims.exp * 1000 <= options.now()) return { ok: false, reason: "the token expired" };
    } else {
      return { ok: false, reason: "not a JWT" };
    }
    const built = identityFrom(claims);
    if (!built.ok) return built;
    const exp = typeof claims.exp === "number" ? claims.exp * 1000 : options.now() + options.cacheTtlSeconds * 1000;
    return {
      ok: true,
      verified: {
        identity: built.identity,
        upstreamHeaders: built.upstreamHeaders,
        scopes: tokenScopes(claims),
        expiresAt: Math.min(exp, options.now() + options.cacheTtlSeconds * 1000),
      },
    };
  }

  return {
    type: "authenticator",
    challenges,
    credentialHeaders: options.propagateRawToken ? [] : ["authorization"],
    credentialQueryParameters: ["access_token"],
    upstreamHeaderNames: headers.map((header) => header.name),
    oauth: { authorizationServer: options.issuer, scopes: options.requiredScopes },
    async authenticate(request) {
      const bearer = bearerToken(request.header("authorization"), request.query);
      if ("absent" in bearer) return { outcome: "absent" };
      if ("refused" in bearer) return refuse(request, bearer.refused, "invalid_request", bearer.refused);
      const token = bearer.token;
      // An API key sent as a bearer token belongs to the API Key Authenticator.
      if (token.startsWith(`${API_KEY_FORMAT_PREFIX}_`)) return { outcome: "absent" };

      const cacheKey = `${options.audience ?? request.resource.url}\n${token}`;
      let verified = cache.get(cacheKey);
      if (!verified) {
        // A JWT of another authorization server may be for another OAuth2 rule of the policy.
        const issuer = looksLikeJwt(token) ? unverifiedIssuer(token) : undefined;
        if (issuer !== undefined && issuer !== options.issuer) return refuse(request, "wrong issuer (iss)", "invalid_token", "The access token is not valid", true);
        const result = await verify(token, request);
        if (!result.ok && result.unavailable) return unavailable(result.reason);
        if (!result.ok) return refuse(request, result.reason, "invalid_token", "The access token is not valid");
        verified = result.verified;
        if (options.cacheTtlSeconds > 0) cache.set(cacheKey, verified, verified.expiresAt);
      }
      const missing = options.requiredScopes.filter((required) => !verified.scopes.includes(required));
      if (missing.length) return insufficientScope(request, missing, scope);
      return {
        outcome: "authenticated",
        identity: verified.identity,
        reason: `${options.kind === "mcp-oauth2-jwt-validator" ? "JWT" : "access token"} of ${verified.identity.id}`,
        upstreamHeaders: verified.upstreamHeaders,
        keepAuthorization: options.propagateRawToken,
      };
    },
  };
}

/** RFC 6750 §3.1: a valid token without the scopes needed → 403 insufficient_scope, naming all of them. */
function insufficientScope(request: PolicyRequest, missing: string[], scope: string): AuthenticationResult {
  const message = `The access token lacks the scope ${missing.join(" ")}`;
  const denial: Denial = deny("insufficient_scope", message, {
    "www-authenticate": formatChallenges([{ scheme: "Bearer", params: { resource_metadata: request.resource.metadataUrl, scope }, oauth: true }], {
      code: "insufficient_scope",
      description: message,
    }),
  });
  return { outcome: "invalid", reason: `missing scopes: ${missing.join(" ")}`, denial };
}

function evaluate(expression: CompiledCel, claims: Record<string, unknown>): { ok: true; value: unknown } | { ok: false; error: string } {
  return expression({ claims });
}
