/**
 * Where clients reach what the gateway serves: an MCP server at `<origin>/mcp/<slug>`, an API
 * service at `<origin>/apis/<slug>/` (its own paths follow). The origin is GATEHOUSE_PUBLIC_URL
 * when it is set (behind a proxy it is the only reliable answer), else the one the request
 * came in at.
 */
const GATEWAY_PATH_PREFIX = "/mcp/";
const API_GATEWAY_PATH_PREFIX = "/apis/";

export function gatewayPath(slug: string): string {
  return `${GATEWAY_PATH_PREFIX}${slug}`;
}

export function gatewayUrl(origin: string, slug: string): string {
  return `${origin}${gatewayPath(slug)}`;
}

export function apiGatewayPath(slug: string): string {
  return `${API_GATEWAY_PATH_PREFIX}${slug}/`;
}

export function apiGatewayUrl(origin: string, slug: string): string {
  return `${origin}${apiGatewayPath(slug)}`;
}

type HeaderReader = { get(name: string): string | null };

/** The first value of a header a chain of proxies may have appended to (RFC 7239 §5.2 style lists). */
const firstValue = (value: string | null) => value?.split(",")[0]?.trim() || null;

/**
 * The origin people reach Gatehouse at. Forwarded headers are used only to build text shown
 * back to the same requester; a value that is not a plain host (or http/https) is ignored,
 * so a forged header cannot inject anything into the snippets.
 */
export function publicOrigin(publicUrl: string | undefined, headers: HeaderReader): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, "");
  const forwardedProto = firstValue(headers.get("x-forwarded-proto"))?.toLowerCase();
  const proto = forwardedProto === "https" || forwardedProto === "http" ? forwardedProto : "http";
  const candidates = [firstValue(headers.get("x-forwarded-host")), firstValue(headers.get("host"))];
  const host = candidates.find((candidate) => candidate && /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.test(candidate)) ?? "localhost";
  return `${proto}://${host}`;
}
