import ipaddr from "ipaddr.js";

/**
 * IP addresses, CIDR blocks and start–end ranges, IPv4 and IPv6, normalised to an inclusive
 * numeric interval so that matching is two comparisons. IPv4-mapped IPv6 addresses
 * (::ffff:192.0.2.1, what a dual-stack socket reports) are treated as the IPv4 address.
 */
export type IpFamily = 4 | 6;
export type IpRange = { family: IpFamily; start: bigint; end: bigint };

export type ParsedIp = { family: IpFamily; value: bigint };

function toBigInt(bytes: number[]): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

function normalise(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address;
}

/** Parses one address; null when it is not a valid IPv4 or IPv6 address. */
export function parseIp(text: string): ParsedIp | null {
  const trimmed = text.trim();
  // Zone identifiers (fe80::1%eth0) name an interface, not an address: compare without them.
  const withoutZone = trimmed.includes("%") ? trimmed.slice(0, trimmed.indexOf("%")) : trimmed;
  if (!ipaddr.isValid(withoutZone)) return null;
  // ipaddr.isValid accepts legacy IPv4 forms ("10", "0x0a.1"); only dotted quads are addresses here.
  if (!withoutZone.includes(":") && !ipaddr.IPv4.isValidFourPartDecimal(withoutZone)) return null;
  const address = normalise(ipaddr.parse(withoutZone));
  return { family: address.kind() === "ipv4" ? 4 : 6, value: toBigInt(address.toByteArray()) };
}

export type ParsedEntry = { ok: true; range: IpRange } | { ok: false; message: string };

/** Parses an allow/deny entry: `203.0.113.7`, `10.0.0.0/8`, `2001:db8::/32` or `10.0.0.1 - 10.0.0.9`. */
export function parseIpEntry(text: string): ParsedEntry {
  const entry = text.trim();
  if (entry === "") return { ok: false, message: "Enter an IP address, a CIDR block or a range" };

  const dash = entry.match(/^(.+?)\s*[-–]\s*(.+)$/);
  if (dash && !entry.includes("/")) {
    const start = parseIp(dash[1]!);
    const end = parseIp(dash[2]!);
    if (!start) return { ok: false, message: `"${dash[1]}" is not an IP address` };
    if (!end) return { ok: false, message: `"${dash[2]}" is not an IP address` };
    if (start.family !== end.family) return { ok: false, message: "Both ends of a range must be IPv4, or both IPv6" };
    if (start.value > end.value) return { ok: false, message: "The start of a range must not be after its end" };
    return { ok: true, range: { family: start.family, start: start.value, end: end.value } };
  }

  if (entry.includes("/")) {
    const slash = entry.indexOf("/");
    const addressPart = entry.slice(0, slash);
    const prefixPart = entry.slice(slash + 1);
    const address = parseIp(addressPart);
    if (!address) return { ok: false, message: `"${addressPart}" is not an IP address` };
    if (!/^\d{1,3}$/.test(prefixPart)) return { ok: false, message: `"/${prefixPart}" is not a prefix length` };
    const bits = address.family === 4 ? 32 : 128;
    // A mapped IPv6 block (::ffff:10.0.0.0/104) becomes the IPv4 block of the same size.
    let prefix = Number(prefixPart);
    if (address.family === 4 && addressPart.includes(":")) prefix -= 96;
    if (prefix < 0 || prefix > bits) return { ok: false, message: `The prefix length must be between 0 and ${bits}` };
    const hostBits = BigInt(bits - prefix);
    const start = (address.value >> hostBits) << hostBits;
    const end = start + (1n << hostBits) - 1n;
    return { ok: true, range: { family: address.family, start, end } };
  }

  const address = parseIp(entry);
  if (!address) return { ok: false, message: `"${entry}" is not an IP address, a CIDR block or a range` };
  return { ok: true, range: { family: address.family, start: address.value, end: address.value } };
}

export function rangeContains(range: IpRange, ip: ParsedIp): boolean {
  return range.family === ip.family && ip.value >= range.start && ip.value <= range.end;
}
