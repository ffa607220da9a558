import { describe, expect, it } from "vitest";
import { ipRestriction } from "./ip-restriction";

type ValidCase = { name: string; input: unknown; expected: Record<string, unknown> };
type InvalidCase = { name: string; input: unknown; path: string; message: string };

const schema = ipRestriction.configSchema;

function issuesOf(input: unknown) {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

const allow = (...addresses: string[]) => ({ allowlist: addresses.map((address) => ({ address })) });
const allowed = (...addresses: string[]) => ({ allowlist: addresses.map((address) => ({ address, description: "" })), denylist: [] });

const valid: ValidCase[] = [
  { name: "a single IPv4 address", input: allow("203.0.113.7"), expected: allowed("203.0.113.7") },
  { name: "an IPv4 CIDR block", input: allow("10.0.0.0/8"), expected: allowed("10.0.0.0/8") },
  { name: "the whole IPv4 space", input: allow("0.0.0.0/0"), expected: allowed("0.0.0.0/0") },
  { name: "a /32 block", input: allow("203.0.113.7/32"), expected: allowed("203.0.113.7/32") },
  { name: "a single IPv6 address", input: allow("2001:db8::1"), expected: allowed("2001:db8::1") },
  { name: "an IPv6 CIDR block", input: allow("2001:db8::/32"), expected: allowed("2001:db8::/32") },
  { name: "a /128 block", input: allow("::1/128"), expected: allowed("::1/128") },
  { name: "an IPv4-mapped IPv6 address", input: allow("::ffff:192.0.2.1"), expected: allowed("::ffff:192.0.2.1") },
  { name: "an IPv4-mapped IPv6 block", input: allow("::ffff:10.0.0.0/104"), expected: allowed("::ffff:10.0.0.0/104") },
  { name: "an IPv4 range with a hyphen", input: allow("10.0.0.1 - 10.0.0.99"), expected: allowed("10.0.0.1 - 10.0.0.99") },
  { name: "an IPv4 range with an en dash", input: allow("10.0.0.1–10.0.0.99"), expected: allowed("10.0.0.1–10.0.0.99") },
  { name: "an IPv6 range", input: allow("2001:db8::1 - 2001:db8::ff"), expected: allowed("2001:db8::1 - 2001:db8::ff") },
  { name: "a range of one address", input: allow("10.0.0.5-10.0.0.5"), expected: allowed("10.0.0.5-10.0.0.5") },
  { name: "an address with padding, which is trimmed", input: allow("  10.0.0.1  "), expected: allowed("10.0.0.1") },
  {
    name: "a denylist only, with a description",
    input: { denylist: [{ address: "198.51.100.0/24", description: " Scanner " }] },
    expected: { allowlist: [], denylist: [{ address: "198.51.100.0/24", description: "Scanner" }] },
  },
];

const invalid: InvalidCase[] = [
  { name: "an empty config", input: {}, path: "allowlist", message: "Add at least one entry to the allowlist or the denylist" },
  { name: "two empty lists", input: { allowlist: [], denylist: [] }, path: "allowlist", message: "Add at least one entry to the allowlist or the denylist" },
  { name: "a blank address", input: allow("  "), path: "allowlist.0.address", message: "Required" },
  { name: "an entry without an address", input: { denylist: [{ description: "x" }] }, path: "denylist.0.address", message: "Required" },
  { name: "a bare number", input: allow("10"), path: "allowlist.0.address", message: '"10" is not an IP address' },
  { name: "three octets", input: allow("1.2.3"), path: "allowlist.0.address", message: '"1.2.3" is not an IP address' },
  { name: "an octet above 255", input: allow("300.1.1.1"), path: "allowlist.0.address", message: '"300.1.1.1" is not an IP address' },
  { name: "a host name", input: { denylist: [{ address: "example.com" }] }, path: "denylist.0.address", message: "is not an IP address" },
  { name: "an IPv4 prefix above 32", input: allow("10.0.0.0/33"), path: "allowlist.0.address", message: "between 0 and 32" },
  { name: "an IPv6 prefix above 128", input: allow("::1/129"), path: "allowlist.0.address", message: "between 0 and 128" },
  { name: "a prefix that is not a number", input: allow("10.0.0.0/eight"), path: "allowlist.0.address", message: "is not a prefix length" },
  { name: "two prefixes", input: allow("10.0.0.0/8/16"), path: "allowlist.0.address", message: '"/8/16" is not a prefix length' },
  { name: "a range whose start is after its end", input: allow("10.0.0.9 - 10.0.0.1"), path: "allowlist.0.address", message: "The start of a range must not be after its end" },
  { name: "an IPv6 range whose start is after its end", input: allow("2001:db8::ff - 2001:db8::1"), path: "allowlist.0.address", message: "must not be after its end" },
  { name: "a range across address families", input: allow("10.0.0.1 - 2001:db8::1"), path: "allowlist.0.address", message: "Both ends of a range must be IPv4, or both IPv6" },
  { name: "a range with an invalid end", input: allow("10.0.0.1 - 10.0.0.300"), path: "allowlist.0.address", message: '"10.0.0.300" is not an IP address' },
  { name: "a description longer than 200 characters", input: { allowlist: [{ address: "10.0.0.1", description: "d".repeat(201) }] }, path: "allowlist.0.description", message: "At most 200 characters" },
];

describe("ip-restriction", () => {
  it("is a Validate rule in the validate phase that MCP servers can use", () => {
    expect(ipRestriction).toMatchObject({ kind: "ip-restriction", category: "Validate", phase: "validate", mcp: { compatible: true } });
  });

  it.each(valid)("accepts $name", ({ input, expected }) => {
    const result = schema.safeParse(input);
    expect(result.error?.issues ?? []).toEqual([]);
    expect(result.data).toEqual(expected);
  });

  it.each(invalid)("refuses $name", ({ input, path, message }) => {
    expect(issuesOf(input)).toContainEqual({ path, message: expect.stringContaining(message) });
  });
});
