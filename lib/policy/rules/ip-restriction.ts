import { z } from "zod";
import { field } from "../fields";
import { parseIpEntry, rangeContains, type IpRange } from "../ip-range";
import { defineRule, type AddressEvaluator } from "../types";

const entryColumns = () => ({
  address: field.text({
    label: "IP, CIDR or range",
    help: "A single address (203.0.113.7, 2001:db8::1), a CIDR block (10.0.0.0/8, 2001:db8::/32) or a range (10.0.0.1 - 10.0.0.99). IPv4 and IPv6.",
    placeholder: "10.0.0.0/8",
    max: 200,
    check: (value) => {
      const parsed = parseIpEntry(value);
      return parsed.ok ? null : parsed.message;
    },
  }),
  description: field.text({ label: "Description", help: "Who or what this entry is for.", required: false, max: 200 }),
});

export const ipRestriction = defineRule({
  kind: "ip-restriction",
  label: "IP Restriction",
  summary: "Allows or refuses callers by IP address, CIDR block or range; a denied caller gets 403.",
  category: "Validate",
  phase: "validate",
  mcp: { compatible: true },
  configSchema: z
    .object({
      allowlist: field.rows({
        label: "Allowlist",
        help: "When the allowlist has entries, only callers matching one of them get through. Leave it empty to allow everyone not on the denylist.",
        addLabel: "Add allowed address",
        columns: entryColumns(),
      }),
      denylist: field.rows({
        label: "Denylist",
        help: "Callers matching an entry are refused, even when they are also on the allowlist (deny wins).",
        addLabel: "Add denied address",
        columns: entryColumns(),
      }),
    })
    .superRefine((config, ctx) => {
      if (config.allowlist.length === 0 && config.denylist.length === 0) {
        ctx.addIssue({ code: "custom", path: ["allowlist"], message: "Add at least one entry to the allowlist or the denylist" });
      }
    }),
  compile: (config): AddressEvaluator => {
    const ranges = (entries: { address: string; description: string }[]) =>
      entries.map((entry) => {
        const parsed = parseIpEntry(entry.address);
        if (!parsed.ok) throw new Error(`IP entry "${entry.address}" passed validation but does not parse`);
        return { range: parsed.range as IpRange, label: entry.description ? `${entry.address} (${entry.description})` : entry.address };
      });
    const allow = ranges(config.allowlist);
    const deny = ranges(config.denylist);
    return {
      type: "address",
      check(ip) {
        // An address the gateway could not determine matches nothing: refused where an allowlist exists.
        const denied = ip && deny.find((entry) => rangeContains(entry.range, ip));
        if (denied) return { allowed: false, reason: `address is on the denylist: ${denied.label}` };
        if (allow.length === 0) return { allowed: true, reason: "not on the denylist" };
        const allowed = ip && allow.find((entry) => rangeContains(entry.range, ip));
        return allowed ? { allowed: true, reason: `address is on the allowlist: ${allowed.label}` } : { allowed: false, reason: "address is not on the allowlist" };
      },
    };
  },
});
