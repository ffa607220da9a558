import { describe, expect, it } from "vitest";
import { parseIp, parseIpEntry, rangeContains, type IpRange, type ParsedIp } from "./ip-range";

const V4_MAX = 0xffff_ffffn;
const V6_MAX = (1n << 128n) - 1n;
const DOC_V6 = 0x2001_0db8n << 96n;

type ParseIpCase = { name: string; input: string; expected: ParsedIp | null };

const parseIpCases: ParseIpCase[] = [
  { name: "an IPv4 address", input: "192.0.2.1", expected: { family: 4, value: 0xc000_0201n } },
  { name: "an IPv4 address with padding", input: "  10.0.0.1 ", expected: { family: 4, value: 0x0a00_0001n } },
  { name: "the IPv6 loopback", input: "::1", expected: { family: 6, value: 1n } },
  { name: "an IPv6 address", input: "2001:db8::1", expected: { family: 6, value: 0x2001_0db8_0000_0000_0000_0000_0000_0001n } },
  { name: "an IPv6 address with a zone", input: "fe80::1%eth0", expected: { family: 6, value: 0xfe80_0000_0000_0000_0000_0000_0000_0001n } },
  { name: "an IPv4-mapped IPv6 address, as IPv4", input: "::ffff:192.0.2.1", expected: { family: 4, value: 0xc000_0201n } },
  { name: "a bare number", input: "10", expected: null },
  { name: "three octets", input: "1.2.3", expected: null },
  { name: "five octets", input: "1.2.3.4.5", expected: null },
  { name: "an octet above 255", input: "300.1.1.1", expected: null },
  { name: "a hexadecimal octet", input: "0x0a.1.1.1", expected: null },
  { name: "an octal octet", input: "010.1.1.1", expected: null },
  { name: "a host name", input: "example.com", expected: null },
  { name: "an empty string", input: "", expected: null },
  { name: "an IPv6 address with a bad group", input: "2001:db8::g", expected: null },
];

type EntryValidCase = { name: string; input: string; expected: IpRange };
type EntryInvalidCase = { name: string; input: string; message: string };

const entryValid: EntryValidCase[] = [
  { name: "a single IPv4 address", input: "203.0.113.7", expected: { family: 4, start: 0xcb00_7107n, end: 0xcb00_7107n } },
  { name: "a single IPv6 address", input: "2001:db8::1", expected: { family: 6, start: DOC_V6 + 1n, end: DOC_V6 + 1n } },
  { name: "an IPv4 /8 block", input: "10.0.0.0/8", expected: { family: 4, start: 0x0a00_0000n, end: 0x0aff_ffffn } },
  { name: "an IPv4 block written with host bits", input: "10.1.2.3/8", expected: { family: 4, start: 0x0a00_0000n, end: 0x0aff_ffffn } },
  { name: "an IPv4 /32 block", input: "203.0.113.7/32", expected: { family: 4, start: 0xcb00_7107n, end: 0xcb00_7107n } },
  { name: "the whole IPv4 space", input: "0.0.0.0/0", expected: { family: 4, start: 0n, end: V4_MAX } },
  { name: "an IPv6 /32 block", input: "2001:db8::/32", expected: { family: 6, start: DOC_V6, end: DOC_V6 + (1n << 96n) - 1n } },
  { name: "an IPv6 /128 block", input: "::1/128", expected: { family: 6, start: 1n, end: 1n } },
  { name: "the whole IPv6 space", input: "::/0", expected: { family: 6, start: 0n, end: V6_MAX } },
  { name: "an IPv4-mapped IPv6 block, as the IPv4 block", input: "::ffff:10.0.0.0/104", expected: { family: 4, start: 0x0a00_0000n, end: 0x0aff_ffffn } },
  { name: "a range with a hyphen and spaces", input: "10.0.0.1 - 10.0.0.9", expected: { family: 4, start: 0x0a00_0001n, end: 0x0a00_0009n } },
  { name: "a range with an en dash", input: "10.0.0.1–10.0.0.9", expected: { family: 4, start: 0x0a00_0001n, end: 0x0a00_0009n } },
  { name: "a range of one address", input: "10.0.0.5-10.0.0.5", expected: { family: 4, start: 0x0a00_0005n, end: 0x0a00_0005n } },
  { name: "an IPv6 range", input: "2001:db8::1 - 2001:db8::ff", expected: { family: 6, start: DOC_V6 + 1n, end: DOC_V6 + 0xffn } },
  { name: "a range from an IPv4-mapped address to an IPv4 address", input: "::ffff:10.0.0.1 - 10.0.0.9", expected: { family: 4, start: 0x0a00_0001n, end: 0x0a00_0009n } },
];

const entryInvalid: EntryInvalidCase[] = [
  { name: "an empty entry", input: "", message: "Enter an IP address, a CIDR block or a range" },
  { name: "a blank entry", input: "   ", message: "Enter an IP address, a CIDR block or a range" },
  { name: "a bare number", input: "10", message: '"10" is not an IP address, a CIDR block or a range' },
  { name: "three octets", input: "1.2.3", message: '"1.2.3" is not an IP address' },
  { name: "an octet above 255", input: "300.1.1.1", message: '"300.1.1.1" is not an IP address' },
  { name: "a block with an invalid address", input: "300.0.0.0/8", message: '"300.0.0.0" is not an IP address' },
  { name: "an IPv4 prefix above 32", input: "10.0.0.0/33", message: "The prefix length must be between 0 and 32" },
  { name: "an IPv6 prefix above 128", input: "::1/129", message: "The prefix length must be between 0 and 128" },
  { name: "an IPv4-mapped block shorter than the mapped prefix", input: "::ffff:10.0.0.0/95", message: "The prefix length must be between" },
  { name: "a missing prefix", input: "10.0.0.0/", message: '"/" is not a prefix length' },
  { name: "a negative prefix", input: "10.0.0.0/-1", message: '"/-1" is not a prefix length' },
  { name: "a prefix that is not a number", input: "10.0.0.0/eight", message: '"/eight" is not a prefix length' },
  { name: "two prefixes", input: "10.0.0.0/8/16", message: '"/8/16" is not a prefix length' },
  { name: "a range whose start is after its end", input: "10.0.0.9 - 10.0.0.1", message: "The start of a range must not be after its end" },
  { name: "an IPv6 range whose start is after its end", input: "2001:db8::ff - 2001:db8::1", message: "The start of a range must not be after its end" },
  { name: "a range from IPv4 to IPv6", input: "10.0.0.1 - 2001:db8::1", message: "Both ends of a range must be IPv4, or both IPv6" },
  { name: "a range from IPv6 to IPv4", input: "::1 – 10.0.0.1", message: "Both ends of a range must be IPv4, or both IPv6" },
  { name: "a range with an invalid start", input: "10.0.0 - 10.0.0.9", message: '"10.0.0" is not an IP address' },
  { name: "a range with an invalid end", input: "10.0.0.1 - 10.0.0.300", message: '"10.0.0.300" is not an IP address' },
  { name: "a range with three ends", input: "10.0.0.1-10.0.0.5-10.0.0.9", message: "is not an IP address" },
];

type ContainsCase = { name: string; entry: string; ip: string; expected: boolean };

const containsCases: ContainsCase[] = [
  { name: "the first address of a block", entry: "10.0.0.0/8", ip: "10.0.0.0", expected: true },
  { name: "the last address of a block", entry: "10.0.0.0/8", ip: "10.255.255.255", expected: true },
  { name: "the address just before a block", entry: "10.0.0.0/8", ip: "9.255.255.255", expected: false },
  { name: "the address just after a block", entry: "10.0.0.0/8", ip: "11.0.0.0", expected: false },
  { name: "the start of a range", entry: "10.0.0.1 - 10.0.0.9", ip: "10.0.0.1", expected: true },
  { name: "the end of a range", entry: "10.0.0.1 - 10.0.0.9", ip: "10.0.0.9", expected: true },
  { name: "the address just before a range", entry: "10.0.0.1 - 10.0.0.9", ip: "10.0.0.0", expected: false },
  { name: "the address just after a range", entry: "10.0.0.1 - 10.0.0.9", ip: "10.0.0.10", expected: false },
  { name: "a single address itself", entry: "203.0.113.7", ip: "203.0.113.7", expected: true },
  { name: "the neighbour of a single address", entry: "203.0.113.7", ip: "203.0.113.8", expected: false },
  { name: "the last address of an IPv6 block", entry: "2001:db8::/32", ip: "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", expected: true },
  { name: "the address just after an IPv6 block", entry: "2001:db8::/32", ip: "2001:db9::", expected: false },
  { name: "an IPv4-mapped client in an IPv4 block", entry: "10.0.0.0/8", ip: "::ffff:10.1.2.3", expected: true },
  { name: "an IPv4-mapped client outside an IPv4 block", entry: "10.0.0.0/8", ip: "::ffff:11.1.2.3", expected: false },
  { name: "an IPv4-mapped client at the end of an IPv4 range", entry: "10.0.0.1 - 10.0.0.9", ip: "::ffff:10.0.0.9", expected: true },
  { name: "an IPv4 client in an IPv4-mapped block", entry: "::ffff:10.0.0.0/104", ip: "10.20.30.40", expected: true },
  { name: "an IPv6 client in the whole IPv4 space", entry: "0.0.0.0/0", ip: "::1", expected: false },
  { name: "an IPv4 client in the whole IPv6 space", entry: "::/0", ip: "192.0.2.1", expected: false },
  { name: "an IPv4-mapped client in the whole IPv6 space", entry: "::/0", ip: "::ffff:192.0.2.1", expected: false },
];

function range(entry: string): IpRange {
  const parsed = parseIpEntry(entry);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.range;
}

function ip(text: string): ParsedIp {
  const parsed = parseIp(text);
  if (!parsed) throw new Error(`${text} is not an IP address`);
  return parsed;
}

describe("parseIp", () => {
  it.each(parseIpCases)("parses $name", ({ input, expected }) => {
    expect(parseIp(input)).toEqual(expected);
  });
});

describe("parseIpEntry", () => {
  it.each(entryValid)("accepts $name", ({ input, expected }) => {
    expect(parseIpEntry(input)).toEqual({ ok: true, range: expected });
  });

  it.each(entryInvalid)("refuses $name", ({ input, message }) => {
    expect(parseIpEntry(input)).toEqual({ ok: false, message: expect.stringContaining(message) });
  });
});

describe("rangeContains", () => {
  it.each(containsCases)("$expected for $name ($ip in $entry)", ({ entry, ip: client, expected }) => {
    expect(rangeContains(range(entry), ip(client))).toBe(expected);
  });
});
