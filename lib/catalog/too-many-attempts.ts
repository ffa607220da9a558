import type { RateLimiterRes } from "rate-limiter-flexible";
import { CatalogError } from "./errors";

/** The refusal once a password-guessing limiter is exhausted, with when to try again. */
export function tooManyAttempts(what: string, res: RateLimiterRes): CatalogError {
  const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  const minutes = Math.ceil(seconds / 60);
  return new CatalogError("rate_limited", `Too many ${what}; try again in ${minutes} minute${minutes === 1 ? "" : "s"}`, { retryAfterSeconds: seconds });
}
