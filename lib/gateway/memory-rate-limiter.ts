import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { RateLimiterPort, RateLimitResult, RateLimitUnavailable } from "../policy/ports";

/**
 * Client Throttling counters in this process's memory (rate-limiter-flexible). Counters are
 * kept by name, so recompiling a policy after an edit does not reset them.
 */
export class MemoryRateLimiters {
  private readonly limiters = new Map<string, RateLimiterPort>();

  get(name: string, points: number, durationSeconds: number): RateLimiterPort {
    let limiter = this.limiters.get(name);
    if (!limiter) {
      limiter = rateLimiterPort(new RateLimiterMemory({ points, duration: durationSeconds, keyPrefix: name }));
      this.limiters.set(name, limiter);
    }
    return limiter;
  }
}

/**
 * A rate-limiter-flexible limiter as the engine's port. It rejects with a RateLimiterRes when
 * the key is over its limit, and with an Error when its store failed: the latter becomes
 * "unavailable" when `storeFailure` is given (a store that can fail), and is a bug otherwise.
 */
export function rateLimiterPort(store: RateLimiterAbstract, storeFailure?: (error: unknown) => RateLimitUnavailable): RateLimiterPort {
  return {
    async consume(key: string): Promise<RateLimitResult | RateLimitUnavailable> {
      try {
        const res = await store.consume(key, 1);
        return { allowed: true, remaining: res.remainingPoints, resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          return { allowed: false, remaining: 0, resetSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
        }
        if (storeFailure) return storeFailure(rejection);
        throw rejection;
      }
    },
  };
}
