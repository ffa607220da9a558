import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { RateLimiterPort, RateLimitResult } from "../policy/ports";

/**
 * Client Throttling counters in this process's memory (rate-limiter-flexible). Counters are
 * kept by name, so recompiling a policy after an edit does not reset them.
 */
export class MemoryRateLimiters {
  private readonly limiters = new Map<string, RateLimiterPort>();

  get(name: string, points: number, durationSeconds: number): RateLimiterPort {
    let limiter = this.limiters.get(name);
    if (!limiter) {
      const store = new RateLimiterMemory({ points, duration: durationSeconds, keyPrefix: name });
      limiter = {
        async consume(key: string): Promise<RateLimitResult> {
          try {
            const res = await store.consume(key, 1);
            return { allowed: true, remaining: res.remainingPoints, resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
          } catch (rejection) {
            if (rejection instanceof RateLimiterRes) {
              return { allowed: false, remaining: 0, resetSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
            }
            throw rejection;
          }
        },
      };
      this.limiters.set(name, limiter);
    }
    return limiter;
  }
}
