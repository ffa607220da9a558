import { describe, expect, it } from "vitest";
import { formatChallenges } from "./challenge";
import type { Challenge } from "./types";

const METADATA = "https://gw.example/.well-known/oauth-protected-resource/mcp/weather";
const oauth = (scope?: string): Challenge => ({ scheme: "Bearer", params: { resource_metadata: METADATA, ...(scope ? { scope } : {}) }, oauth: true });
const plainBearer: Challenge = { scheme: "Bearer", params: { realm: "gatehouse" }, oauth: false };
const apiKey = (header = "X-API-Key"): Challenge => ({ scheme: "ApiKey", params: { realm: "gatehouse", header }, oauth: false });

type Case = { name: string; challenges: Challenge[]; error?: Parameters<typeof formatChallenges>[1]; expected: string };

const cases: Case[] = [
  { name: "nothing to ask for: a plain Bearer challenge", challenges: [], expected: 'Bearer realm="gatehouse"' },
  { name: "an API key rule", challenges: [plainBearer, apiKey()], expected: 'Bearer realm="gatehouse", ApiKey realm="gatehouse", header="X-API-Key"' },
  { name: "one OAuth2 rule without scopes", challenges: [oauth()], expected: `Bearer resource_metadata="${METADATA}"` },
  { name: "one OAuth2 rule with scopes", challenges: [oauth("mcp:access read:data")], expected: `Bearer resource_metadata="${METADATA}", scope="mcp:access read:data"` },
  {
    name: "an error on the Bearer challenge only (RFC 6750 §3)",
    challenges: [oauth("mcp:access"), apiKey()],
    error: { code: "invalid_token", description: "The access token is not valid" },
    expected: `Bearer resource_metadata="${METADATA}", scope="mcp:access", error="invalid_token", error_description="The access token is not valid", ApiKey realm="gatehouse", header="X-API-Key"`,
  },
  {
    name: "insufficient_scope naming the scopes",
    challenges: [oauth("mcp:access write:data")],
    error: { code: "insufficient_scope", description: "The access token lacks the scope write:data" },
    expected: `Bearer resource_metadata="${METADATA}", scope="mcp:access write:data", error="insufficient_scope", error_description="The access token lacks the scope write:data"`,
  },
  {
    name: "quotes and backslashes escaped in quoted strings (RFC 9110 §5.6.4)",
    challenges: [{ scheme: "ApiKey", params: { realm: 'say "hi" \\ bye' }, oauth: false }],
    expected: 'ApiKey realm="say \\"hi\\" \\\\ bye"',
  },
  {
    name: "the scopes of two OAuth2 rules merged into one Bearer challenge, each once",
    challenges: [oauth("mcp:access read:data"), oauth("mcp:access write:data")],
    expected: `Bearer resource_metadata="${METADATA}", scope="mcp:access read:data write:data"`,
  },
  { name: "the scope of a second OAuth2 rule when the first has none", challenges: [oauth(), oauth("write:data")], expected: `Bearer resource_metadata="${METADATA}", scope="write:data"` },
  {
    name: "an OAuth2 Bearer challenge instead of an API key's plain one",
    challenges: [oauth("mcp:access"), plainBearer, apiKey()],
    expected: `Bearer resource_metadata="${METADATA}", scope="mcp:access", ApiKey realm="gatehouse", header="X-API-Key"`,
  },
  {
    name: "the OAuth2 Bearer challenge first when the API key rule comes first",
    challenges: [plainBearer, apiKey(), apiKey("X-Other-Key"), oauth("mcp:access")],
    expected: `Bearer resource_metadata="${METADATA}", scope="mcp:access", ApiKey realm="gatehouse", header="X-API-Key", ApiKey realm="gatehouse", header="X-Other-Key"`,
  },
  {
    name: "the OAuth2 Bearer challenge first when the only other is an API key header",
    challenges: [apiKey(), oauth()],
    expected: `Bearer resource_metadata="${METADATA}", ApiKey realm="gatehouse", header="X-API-Key"`,
  },
];

describe("formatChallenges", () => {
  it.each(cases)("formats $name", ({ challenges, error, expected }) => {
    expect(formatChallenges(challenges, error)).toBe(expected);
  });

  it("does not change the challenges it is given", () => {
    const first = oauth("a");
    const second = oauth("b");
    formatChallenges([first, second]);
    expect(first.params).toEqual({ resource_metadata: METADATA, scope: "a" });
    expect(second.params).toEqual({ resource_metadata: METADATA, scope: "b" });
  });
});
