import { describe, expect, it } from "vitest";
import { gatewayUrl, publicOrigin } from "./gateway-url";

const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name.toLowerCase()] ?? null });

type Case = { name: string; publicUrl?: string; headers: Record<string, string>; expected: string };

const cases: Case[] = [
  { name: "GATEHOUSE_PUBLIC_URL wins over the request", publicUrl: "https://gatehouse.example.com", headers: { host: "10.0.0.5:3000" }, expected: "https://gatehouse.example.com" },
  { name: "a trailing slash of GATEHOUSE_PUBLIC_URL is dropped", publicUrl: "https://gatehouse.example.com/", headers: {}, expected: "https://gatehouse.example.com" },
  { name: "the Host header, over http", headers: { host: "localhost:3000" }, expected: "http://localhost:3000" },
  {
    name: "the forwarded host and protocol of a proxy",
    headers: { host: "10.0.0.5:3000", "x-forwarded-host": "gatehouse.example.com", "x-forwarded-proto": "https" },
    expected: "https://gatehouse.example.com",
  },
  {
    name: "the first value when several proxies appended theirs",
    headers: { "x-forwarded-host": "edge.example.com, inner.example.com", "x-forwarded-proto": "https, http" },
    expected: "https://edge.example.com",
  },
  { name: "an IPv6 host", headers: { host: "[::1]:3000" }, expected: "http://[::1]:3000" },
  { name: "a protocol other than http or https is ignored", headers: { host: "example.com", "x-forwarded-proto": "javascript" }, expected: "http://example.com" },
  { name: "a forged host with shell characters is ignored", headers: { host: "example.com", "x-forwarded-host": 'evil.com"; rm -rf ~' }, expected: "http://example.com" },
  { name: "no host at all", headers: {}, expected: "http://localhost" },
];

describe("publicOrigin", () => {
  it.each(cases)("$name", ({ publicUrl, headers: values, expected }) => {
    expect(publicOrigin(publicUrl, headers(values))).toBe(expected);
  });
});

describe("gatewayUrl", () => {
  it("puts the slug under /mcp/", () => {
    expect(gatewayUrl("https://gatehouse.example.com", "billing-tools")).toBe("https://gatehouse.example.com/mcp/billing-tools");
  });
});
