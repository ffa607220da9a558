import { parseIp, parseIpEntry, rangeContains, type IpRange } from "../policy/ip-range";

/**
 * The client address that IP rules, anonymous identities and throttling see. It is the TCP
 * peer; X-Forwarded-For and Forwarded (RFC 7239) are believed only when the peer is one of
 * the configured trusted proxies (GATEHOUSE_TRUSTED_PROXIES), and then only as far back as
 * the chain stays within trusted proxies: a client cannot forge its way past them.
 */
export function parseTrustedProxies(value: string | undefined): IpRange[] {
  if (!value) return [];
  return value
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
    .map((entry) => {
      const parsed = parseIpEntry(entry);
      if (!parsed.ok) throw new Error(`GATEHOUSE_TRUSTED_PROXIES: ${parsed.message}`);
      return parsed.range;
    });
}

function normalise(address: string): string {
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice("::ffff:".length) : address;
}

function isTrusted(address: string, trusted: IpRange[]): boolean {
  const ip = parseIp(address);
  return ip !== null && trusted.some((range) => rangeContains(range, ip));
}

/** The `for=` addresses of a Forwarded header, nearest proxy last (RFC 7239 §4, §6). */
function forwardedFor(header: string): string[] {
  const addresses: string[] = [];
  for (const element of header.split(",")) {
    for (const pair of element.split(";")) {
      const [name, rawValue] = pair.split("=", 2).map((part) => part?.trim());
      if (name?.toLowerCase() !== "for" || !rawValue) continue;
      let value = rawValue.replace(/^"|"$/g, "");
      if (value.startsWith("[")) value = value.slice(1, value.indexOf("]"));
      else if (value.includes(".") && value.includes(":")) value = value.slice(0, value.lastIndexOf(":"));
      addresses.push(value);
    }
  }
  return addresses;
}

export function resolveClientAddress(
  peer: string | undefined,
  headers: { forwardedFor?: string; forwarded?: string },
  trusted: IpRange[],
): string {
  const direct = normalise(peer ?? "unknown");
  if (trusted.length === 0 || !isTrusted(direct, trusted)) return direct;
  const chain = headers.forwardedFor
    ? headers.forwardedFor.split(",").map((part) => part.trim()).filter(Boolean)
    : headers.forwarded
      ? forwardedFor(headers.forwarded)
      : [];
  // Walk from the nearest hop back; the first address not of a trusted proxy is the client.
  for (let index = chain.length - 1; index >= 0; index--) {
    const candidate = normalise(chain[index]!);
    if (parseIp(candidate) === null) return direct;
    if (!isTrusted(candidate, trusted)) return candidate;
  }
  return chain.length ? normalise(chain[0]!) : direct;
}
