import type { JWTVerifyGetKey } from "jose";

/**
 * The side effects the engine needs, as small interfaces (DESIGN.md §1, §3.6). The gateway
 * passes real implementations; tests pass in-memory ones.
 */
export type RateLimitResult = { allowed: boolean; remaining: number; resetSeconds: number };

/**
 * The shared counter store (Redis) could not be asked: down, unreachable or too slow. Not an
 * exception, because it is an expected state of a running gateway; the Client Throttling rule
 * decides what it means (fail open or fail closed).
 */
export type RateLimitUnavailable = { unavailable: string };

export interface RateLimiterPort {
  consume(key: string): Promise<RateLimitResult | RateLimitUnavailable>;
}

/** What RFC 7662 introspection says of a token. */
export type Introspection = { active: boolean; exp?: number; scope?: string; [claim: string]: unknown };

/** The OAuth2 rules' view of authorization servers: keys, introspection, sealed secrets. */
export interface OAuthPort {
  /**
   * A key function for jose's jwtVerify: the issuer's signing keys, from `jwksUrl` when set,
   * else from the issuer's metadata. Cached and refreshed off the request path.
   */
  signingKeys(issuer: string, jwksUrl: string | null): JWTVerifyGetKey;
  /** RFC 7662 introspection at the issuer's introspection endpoint, as the given client. */
  introspect(issuer: string, token: string, client: { id: string; secret: string }): Promise<{ ok: true; response: Introspection } | { ok: false; error: string }>;
  /** Opens a sealed rule secret (lib/catalog/rule-secrets.ts); undefined when there is none. */
  openSecret(value: unknown, fieldKey: string): string | undefined;
}

/** The OAuth2 client of an Outbound OAuth2 Client Credentials rule. */
export type OutboundClient = {
  tokenEndpoint: string;
  clientId: string;
  clientSecret: string;
  /** How the client authenticates at the token endpoint (RFC 6749 §2.3.1). */
  authentication: "client_secret_basic" | "client_secret_post";
  scope: string;
  /** The `audience` parameter some authorization servers want (Auth0, Okta); "" when not sent. */
  audience: string;
  /** The RFC 8707 `resource` parameter; "" when not sent. */
  resource: string;
};

/** Access tokens the gateway obtains for upstreams (client credentials grant, RFC 6749 §4.4). */
export interface OutboundTokenPort {
  /** A token for the client, from the cache until shortly before it expires. */
  token(client: OutboundClient): Promise<{ ok: true; token: string } | { ok: false; error: string }>;
  /** The upstream refused `token`: forget it, so that the next call fetches a new one. */
  invalidate(client: OutboundClient, token: string): void;
}

export type PolicyPorts = {
  /** Milliseconds since the epoch. */
  now(): number;
  /**
   * A counter of `points` per `durationSeconds` window. The same `name` returns the same
   * counter, so a recompiled policy (after an unrelated edit) keeps counting.
   */
  rateLimiter(name: string, points: number, durationSeconds: number): RateLimiterPort;
  oauth: OAuthPort;
  outboundTokens: OutboundTokenPort;
};
