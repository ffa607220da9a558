/**
 * Header names that rules may not touch because the gateway owns them. Shared by the rule
 * schemas (refused at save) and the gateway (lib/gateway/http-headers.ts), so both agree.
 */

/** Hop-by-hop fields (RFC 9110 §7.6.1): they belong to one connection and never cross a proxy. */
export const HOP_BY_HOP_HEADERS: readonly string[] = [
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
];

/** What the gateway writes on every upstream request about the caller; never a caller's copy. */
export const FORWARDING_HEADERS: readonly string[] = [
  "forwarded",
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
  "x-forwarded-prefix",
  "x-real-ip",
  "x-gatehouse-client-address",
];
