import type { Redis } from "ioredis";
import { RateLimiterRedis } from "rate-limiter-flexible";
import { logLine } from "../log-line";
import type { RateLimiterPort, RateLimitUnavailable } from "../policy/ports";
import { rateLimiterPort } from "./memory-rate-limiter";

/** Every Gatehouse key in Redis starts with this, so that a shared Redis stays readable. */
const KEY_PREFIX = "gatehouse:throttle:";

/** While Redis stays unavailable, the warning is repeated at most this often. */
const WARN_EVERY_MS = 30_000;

/**
 * Client Throttling counters in Redis (rate-limiter-flexible's RateLimiterRedis: one atomic
 * Lua script per request), so that a limit holds across every gateway instance using the same
 * Redis. Counters are kept by name, as in memory: every instance compiles the same policy into
 * the same names. When Redis cannot answer, a counter reports "unavailable" at once (the
 * connection neither queues nor waits, lib/redis/redis-connection.ts) and each rule applies
 * its own choice, fail open or fail closed; the log says so once per outage and then every
 * 30 s, and once more when Redis is back, with how many requests were not counted.
 */
export class RedisRateLimiters {
  private readonly limiters = new Map<string, RateLimiterPort>();
  private uncounted = 0;
  private lastWarning = 0;

  constructor(private readonly client: Redis) {
    client.on("ready", () => {
      if (this.uncounted === 0) return;
      logLine("info", "Client Throttling counts in Redis again", { uncountedRequests: this.uncounted });
      this.uncounted = 0;
      this.lastWarning = 0;
    });
  }

  get(name: string, points: number, durationSeconds: number): RateLimiterPort {
    let limiter = this.limiters.get(name);
    if (!limiter) {
      const store = new RateLimiterRedis({
        storeClient: this.client,
        points,
        duration: durationSeconds,
        keyPrefix: `${KEY_PREFIX}${name}`,
        // Without it the command would be sent to a connection that is not ready and fail
        // only after ioredis gives up; this fails at once.
        rejectIfRedisNotReady: true,
      });
      limiter = rateLimiterPort(store, (error) => this.unavailable(error));
      this.limiters.set(name, limiter);
    }
    return limiter;
  }

  private unavailable(error: unknown): RateLimitUnavailable {
    const reason = error instanceof Error ? error.message : String(error);
    this.uncounted += 1;
    const now = Date.now();
    if (now - this.lastWarning >= WARN_EVERY_MS) {
      this.lastWarning = now;
      logLine("warn", "Client Throttling cannot count requests: Redis is unavailable; each policy lets requests through (fail open) or refuses them with 503 (fail closed)", {
        error: reason,
        uncountedRequests: this.uncounted,
      });
    }
    return { unavailable: reason };
  }
}
