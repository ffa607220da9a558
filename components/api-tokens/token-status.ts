import type { ApiTokenView } from "@/lib/catalog/api-tokens";

export type TokenStatus = "active" | "expired" | "revoked";

/**
 * Mirrors authenticateApiToken: a revoked token stays revoked, and a token stops working the
 * moment its expiry is reached. `now` comes from the server render, so the browser shows
 * the same status the page was rendered with.
 */
export function tokenStatus(token: ApiTokenView, now: string): TokenStatus {
  if (token.revokedAt) return "revoked";
  if (token.expiresAt && Date.parse(token.expiresAt) <= Date.parse(now)) return "expired";
  return "active";
}
