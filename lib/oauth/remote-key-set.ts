import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTVerifyGetKey } from "jose";
import { SigningKeysUnavailable } from "../policy/access-token";
import { httpJson } from "./http-json";

/**
 * The signing keys of an authorization server, fetched from its JWKS URL and kept in memory.
 *
 * jose's createRemoteJWKSet makes one request wait for every refetch once its cache is stale;
 * here no request waits for a refresh: keys are refreshed in the background ahead of expiry.
 * A token with an unknown `kid` triggers at most one refetch per cooldown (a key rotation is
 * picked up at once, a flood of forged kids costs one fetch), and when the key endpoint is
 * down the cached keys keep working. The URL is fixed by configuration: nothing in a token
 * (`jku`, `x5u`, `iss`) ever decides where keys come from.
 */
export type RemoteKeySetOptions = {
  /** How long fetched keys are fresh; refreshed in the background from 80 % of it. */
  maxAgeMs?: number;
  /** The least time between two fetches caused by unknown kids. */
  cooldownMs?: number;
  timeoutMs?: number;
  now?: () => number;
};

export class RemoteKeySet {
  private keys: JWTVerifyGetKey | null = null;
  private fetchedAt = 0;
  private lastAttempt = -Infinity;
  private inflight: Promise<void> | null = null;
  private lastError: string | null = null;
  private readonly maxAgeMs: number;
  private readonly cooldownMs: number;
  private readonly failureCooldownMs = 5_000;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(
    readonly url: string,
    options: RemoteKeySetOptions = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
    this.cooldownMs = options.cooldownMs ?? 30_000;
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.now = options.now ?? Date.now;
  }

  /** The key function for jose's jwtVerify. */
  readonly getKey: JWTVerifyGetKey = async (header, token) => {
    if (!this.keys) {
      // Never fetched yet: try, but after a failure at most once per cooldown, so that a key
      // endpoint that is down is not asked again by every request.
      if (this.inflight || this.now() - this.lastAttempt >= this.failureCooldownMs) await this.refresh();
      if (!this.keys) throw new SigningKeysUnavailable(`The signing keys could not be fetched: ${this.lastError}`);
    } else if (this.now() - this.fetchedAt > this.maxAgeMs * 0.8) {
      void this.refresh();
    }
    try {
      return await this.keys(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || this.now() - this.lastAttempt < this.cooldownMs) throw error;
      // A kid we do not know: perhaps the server rotated its keys. Look once, then decide.
      await this.refresh();
      return this.keys(header, token);
    }
  };

  /** Fetches now (deduplicated); on failure the previous keys stay in use. */
  refresh(): Promise<void> {
    this.inflight ??= this.fetchKeys().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  get error(): string | null {
    return this.lastError;
  }

  private async fetchKeys(): Promise<void> {
    this.lastAttempt = this.now();
    const result = await httpJson(this.url, { timeoutMs: this.timeoutMs });
    if (!result.ok) {
      this.lastError = result.error;
      return;
    }
    if (result.status !== 200) {
      this.lastError = `${this.url}: HTTP ${result.status}`;
      return;
    }
    const body = result.body as JSONWebKeySet;
    if (!body || !Array.isArray(body.keys)) {
      this.lastError = `${this.url} is not a JSON Web Key Set`;
      return;
    }
    try {
      this.keys = createLocalJWKSet(body);
      this.fetchedAt = this.now();
      this.lastError = null;
    } catch (error) {
      this.lastError = `${this.url}: ${(error as Error).message}`;
    }
  }
}
