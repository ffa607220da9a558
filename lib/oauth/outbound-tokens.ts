import { createHash } from "node:crypto";
import type { OutboundClient, OutboundTokenPort } from "../policy/ports";
import { requestClientCredentialsToken } from "./client-credentials-token";

/**
 * The access tokens the gateway gets for upstreams (Outbound OAuth2 Client Credentials), one
 * per client configuration, kept in memory:
 *
 * - a token is used until shortly before it expires: one minute, or a tenth of its lifetime
 *   when that is shorter. In that last stretch it is still sent while a new one is fetched in
 *   the background, so no request waits for a renewal; only an expired (or no) token waits;
 * - concurrent requests share one token request;
 * - a token endpoint that fails is asked again after a pause (FAILURE_PAUSE_MS), not by every
 *   request meanwhile;
 * - `invalidate` forgets a token the upstream refused, unless a newer one replaced it already.
 *
 * A token without `expires_in` is kept for DEFAULT_LIFETIME_S. Only Bearer tokens are
 * accepted: the gateway cannot produce DPoP proofs or MAC signatures.
 */
export const DEFAULT_LIFETIME_S = 300;
const MAX_MARGIN_S = 60;
const FAILURE_PAUSE_MS = 5_000;
const MAX_CLIENTS = 1_000;

type Fetched = { ok: true; token: string } | { ok: false; error: string };
type Entry = { token: string; renewAt: number; expiresAt: number };

export type TokenRequester = typeof requestClientCredentialsToken;

export class OutboundTokens implements OutboundTokenPort {
  private readonly entries = new Map<string, Entry>();
  /** A compiled rule passes the same client object on every request: its key is hashed once. */
  private readonly keys = new WeakMap<OutboundClient, string>();
  private readonly inflight = new Map<string, Promise<Fetched>>();
  private readonly failures = new Map<string, { error: string; until: number }>();
  private readonly now: () => number;
  private readonly request: TokenRequester;

  constructor(options: { now?: () => number; request?: TokenRequester } = {}) {
    this.now = options.now ?? Date.now;
    this.request = options.request ?? requestClientCredentialsToken;
  }

  async token(client: OutboundClient): Promise<Fetched> {
    const key = this.keyOf(client);
    const now = this.now();
    const entry = this.entries.get(key);
    if (entry && now < entry.expiresAt) {
      if (now >= entry.renewAt) void this.fetch(key, client);
      return { ok: true, token: entry.token };
    }
    const failure = this.failures.get(key);
    if (failure && now < failure.until) return { ok: false, error: failure.error };
    return this.fetch(key, client);
  }

  invalidate(client: OutboundClient, token: string): void {
    const key = this.keyOf(client);
    if (this.entries.get(key)?.token === token) this.entries.delete(key);
  }

  private keyOf(client: OutboundClient): string {
    let key = this.keys.get(client);
    if (key === undefined) {
      key = keyOf(client);
      this.keys.set(client, key);
    }
    return key;
  }

  private fetch(key: string, client: OutboundClient): Promise<Fetched> {
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.requestToken(key, client).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }

  private async requestToken(key: string, client: OutboundClient): Promise<Fetched> {
    const requested = this.now();
    const result = await this.request(
      client.tokenEndpoint,
      { id: client.clientId, secret: client.clientSecret },
      { scope: client.scope || undefined, audience: client.audience || undefined, resource: client.resource || undefined, authentication: client.authentication },
    );
    let fetched: Fetched;
    if (!result.ok) fetched = { ok: false, error: result.error };
    else if (result.tokenType.toLowerCase() !== "bearer") fetched = { ok: false, error: `The token endpoint issued a ${result.tokenType} token; only Bearer tokens can be sent upstream` };
    else fetched = { ok: true, token: result.accessToken };

    if (!fetched.ok) {
      this.failures.set(key, { error: fetched.error, until: this.now() + FAILURE_PAUSE_MS });
      return fetched;
    }
    this.failures.delete(key);
    // The lifetime counts from when the token was asked for: that is the latest it can have been issued.
    const lifetime = Math.max(0, result.ok && result.expiresIn !== null ? result.expiresIn : DEFAULT_LIFETIME_S) * 1000;
    const margin = Math.min(MAX_MARGIN_S * 1000, lifetime / 10);
    this.entries.delete(key);
    this.entries.set(key, { token: fetched.token, renewAt: requested + lifetime - margin, expiresAt: requested + lifetime });
    if (this.entries.size > MAX_CLIENTS) this.entries.delete(this.entries.keys().next().value!);
    return fetched;
  }
}

/** One cache entry per client configuration; the secret is part of it (hashed), so a new secret gets a new token. */
function keyOf(client: OutboundClient): string {
  return createHash("sha256")
    .update(JSON.stringify([client.tokenEndpoint, client.clientId, client.clientSecret, client.authentication, client.scope, client.audience, client.resource]))
    .digest("base64url");
}
