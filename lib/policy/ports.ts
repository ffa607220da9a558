/**
 * The side effects the engine needs, as small interfaces (DESIGN.md §1, §3.6). The gateway
 * passes real implementations; tests pass in-memory ones.
 */
export type RateLimitResult = { allowed: boolean; remaining: number; resetSeconds: number };

export interface RateLimiterPort {
  consume(key: string): Promise<RateLimitResult>;
}

export type PolicyPorts = {
  /** Milliseconds since the epoch. */
  now(): number;
  /**
   * A counter of `points` per `durationSeconds` window. The same `name` returns the same
   * counter, so a recompiled policy (after an unrelated edit) keeps counting.
   */
  rateLimiter(name: string, points: number, durationSeconds: number): RateLimiterPort;
};
