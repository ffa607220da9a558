import type { OutgoingHttpHeaders } from "node:http";
import { Transform } from "node:stream";

/**
 * The Response Cache's storage: one per gateway process, bounded by the bytes it holds,
 * least recently used out first. Keys are made by the gateway (route build, rule, and the
 * rule's own key of method, path, query, headers and caller). Each key holds the variants an
 * upstream's Vary asked for (RFC 9111 §4.1): the request headers it names must match too.
 */
export type CachedResponse = { status: number; headers: OutgoingHttpHeaders; body: Buffer; storedAt: number; expiresAt: number };

type Variant = { vary: [string, string | null][]; response: CachedResponse; size: number };

export const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;
/** Variants kept per key; a client sending ever new values of a varied header cannot fill the cache under one key. */
const MAX_VARIANTS = 8;

export class ResponseCacheStore {
  private readonly entries = new Map<string, Variant[]>();
  private bytes = 0;

  constructor(
    private readonly maxBytes = DEFAULT_CACHE_BYTES,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string, header: (name: string) => string | undefined): CachedResponse | undefined {
    const variants = this.entries.get(key);
    if (!variants) return undefined;
    const now = this.now();
    const live = variants.filter((variant) => variant.response.expiresAt > now);
    if (live.length !== variants.length) this.replace(key, variants, live);
    const match = live.find((variant) => variant.vary.every(([name, value]) => (header(name) ?? null) === value));
    if (!match) return undefined;
    // Most recently used last: eviction takes from the front.
    this.entries.delete(key);
    this.entries.set(key, live);
    return match.response;
  }

  /** Stores a response for `ttlSeconds` under its key and the values of the request headers its Vary names. */
  set(
    key: string,
    varyNames: string[],
    header: (name: string) => string | undefined,
    stored: Pick<CachedResponse, "status" | "headers" | "body">,
    ttlSeconds: number,
  ): void {
    const vary = varyNames.map((name): [string, string | null] => [name, header(name) ?? null]);
    const size = stored.body.length + JSON.stringify(stored.headers).length + key.length;
    if (size > this.maxBytes) return;
    const now = this.now();
    const response: CachedResponse = { ...stored, storedAt: now, expiresAt: now + ttlSeconds * 1000 };
    const previous = this.entries.get(key) ?? [];
    const kept = previous.filter((variant) => variant.response.expiresAt > now && !sameVary(variant.vary, vary)).slice(-(MAX_VARIANTS - 1));
    this.replace(key, previous, [...kept, { vary, response, size }]);
    for (const [oldest, variants] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.replace(oldest, variants, []);
    }
  }

  /** How long ago a response was stored, in whole seconds (the Age header, RFC 9111 §5.1). */
  ageOf(response: CachedResponse): number {
    return Math.max(0, Math.floor((this.now() - response.storedAt) / 1000));
  }

  get size(): { keys: number; bytes: number } {
    return { keys: this.entries.size, bytes: this.bytes };
  }

  private replace(key: string, previous: Variant[], next: Variant[]): void {
    for (const variant of previous) this.bytes -= variant.size;
    for (const variant of next) this.bytes += variant.size;
    this.entries.delete(key);
    if (next.length > 0) this.entries.set(key, next);
  }
}

function sameVary(a: [string, string | null][], b: [string, string | null][]): boolean {
  return a.length === b.length && a.every(([name, value], index) => b[index]![0] === name && b[index]![1] === value);
}

/** The request header names of a Vary value, lower-case, in a stable order. */
export function varyNames(vary: string | undefined): string[] {
  if (!vary) return [];
  return [...new Set(vary.split(",").map((name) => name.trim().toLowerCase()).filter(Boolean))].sort();
}

/**
 * Passes a response body through unchanged while keeping a copy, up to `limit` bytes; calls
 * `complete` with the copy once the body has ended within the limit. A body that is larger,
 * breaks off or is abandoned by the client is not kept.
 */
export function captureBody(limit: number, complete: (body: Buffer) => void): Transform {
  const chunks: Buffer[] = [];
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (size <= limit) {
        size += chunk.length;
        if (size <= limit) chunks.push(chunk);
        else chunks.length = 0;
      }
      done(null, chunk);
    },
    flush(done) {
      if (size <= limit) complete(Buffer.concat(chunks, size));
      done();
    },
  });
}
