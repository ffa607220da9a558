import { parseIp } from "../policy/ip-range";

/**
 * The gateway's origin, in two senses that must not be confused:
 *
 * - `publishedOrigin`: where the gateway says it lives, in URLs it hands out (the resource
 *   URL and metadata URL of RFC 9728, the default token audience). It follows the request's
 *   Host unless GATEHOUSE_PUBLIC_URL fixes it.
 * - `ownOrigin`: the Origin a browser page may have to count as the gateway's own page (no
 *   CORS rule needed). A DNS-rebinding page controls both its Origin and the Host it sends,
 *   so a Host is believed here only when it cannot be rebound: localhost or an IP address.
 */
export function publishedOrigin(publicOrigin: string | null, protocol: string, host: string | undefined): string {
  return publicOrigin ?? `${protocol}://${host ?? "localhost"}`;
}

export function ownOrigin(publicOrigin: string | null, protocol: string, host: string | undefined): string | null {
  if (publicOrigin) return publicOrigin;
  if (!host) return null;
  let hostname: string;
  try {
    hostname = new URL(`${protocol}://${host}`).hostname;
  } catch {
    return null;
  }
  const bare = hostname.startsWith("[") ? hostname.slice(1, -1) : hostname;
  return bare === "localhost" || parseIp(bare) !== null ? `${protocol}://${host}` : null;
}
