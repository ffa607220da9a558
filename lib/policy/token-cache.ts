import { createHash } from "node:crypto";

/**
 * Validated tokens, so that a token is verified (or introspected) once and then recognised
 * for min(TTL, its remaining lifetime). Keyed by a SHA-256 of the token: the tokens
 * themselves are not kept. Bounded: the least recently used entry goes first.
 */
export class TokenCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  static key(token: string): string {
    return createHash("sha256").update(token).digest("base64url");
  }

  get(token: string): V | undefined {
    const key = TokenCache.key(token);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  set(token: string, value: V, expiresAt: number): void {
    if (expiresAt <= this.now()) return;
    const key = TokenCache.key(token);
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}
