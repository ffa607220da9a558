import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTPayload } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { bearerToken, looksLikeJwt, MAX_TOKEN_BYTES, tokenScopes, verifyJwtAccessToken, type BearerToken } from "./access-token";

type BearerCase = { name: string; authorization?: string; query?: string; expected: BearerToken };

const JWT = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
const NOT_A_BEARER_TOKEN = { refused: "The Authorization header is not a valid bearer token" };

const bearerCases: BearerCase[] = [
  { name: "no Authorization header", expected: { absent: true } },
  { name: "a bearer token", authorization: `Bearer ${JWT}`, expected: { token: JWT } },
  { name: "the scheme in another case, extra spaces", authorization: `bearer   ${JWT}  `, expected: { token: JWT } },
  { name: "a token with base64 padding", authorization: "Bearer abc+/def==", expected: { token: "abc+/def==" } },
  { name: "another scheme (left to other authenticators)", authorization: "Basic YWxpY2U6c2VjcmV0", expected: { absent: true } },
  { name: "the scheme without a token", authorization: "Bearer", expected: NOT_A_BEARER_TOKEN },
  { name: "two tokens", authorization: `Bearer ${JWT} ${JWT}`, expected: NOT_A_BEARER_TOKEN },
  { name: "characters outside b64token (RFC 6750 §2.1)", authorization: 'Bearer {"sub":"admin"}', expected: NOT_A_BEARER_TOKEN },
  { name: "a token of exactly the maximum size", authorization: `Bearer ${"a".repeat(MAX_TOKEN_BYTES)}`, expected: { token: "a".repeat(MAX_TOKEN_BYTES) } },
  { name: "a token over the maximum size", authorization: `Bearer ${"a".repeat(MAX_TOKEN_BYTES + 1)}`, expected: { refused: "The access token is longer than 16384 bytes" } },
  {
    name: "a token in the query string, even with a valid header",
    authorization: `Bearer ${JWT}`,
    query: `access_token=${JWT}`,
    expected: { refused: "Send the access token in the Authorization header, not in the query string" },
  },
  { name: "an empty access_token parameter", query: "access_token=", expected: { refused: "Send the access token in the Authorization header, not in the query string" } },
];

describe("bearerToken", () => {
  it.each(bearerCases)("reads $name", ({ authorization, query, expected }) => {
    expect(bearerToken(authorization, new URLSearchParams(query ?? ""))).toEqual(expected);
  });
});

describe("looksLikeJwt", () => {
  it.each([
    [JWT, true],
    ["eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.", true],
    ["opaque-token-value", false],
    ["a.b", false],
    ["a.b.c.d.e", false],
    ["a+b.c.d", false],
  ])("%s → %s", (token, expected) => {
    expect(looksLikeJwt(token)).toBe(expected);
  });
});

describe("tokenScopes", () => {
  it.each([
    ["a space-separated scope (RFC 9068)", { scope: "mcp:access  read:data" }, ["mcp:access", "read:data"]],
    ["an scp list (Entra ID)", { scp: ["mcp:access", 7, "read:data"] }, ["mcp:access", "read:data"]],
    ["an scp string (Okta)", { scp: "mcp:access read:data" }, ["mcp:access", "read:data"]],
    ["scope before scp", { scope: "a", scp: ["b"] }, ["a"]],
    ["no scopes", { sub: "alice" }, []],
  ])("reads %s", (_name, claims, expected) => {
    expect(tokenScopes(claims)).toEqual(expected);
  });
});

describe("verifyJwtAccessToken: clock skew", () => {
  const NOW = Date.UTC(2030, 0, 1);
  const ISSUER = "https://auth.example.com";
  const AUDIENCE = "https://gw.example/mcp/weather";
  let privateKey: CryptoKey;
  let keys: ReturnType<typeof createLocalJWKSet>;

  beforeAll(async () => {
    const pair = await generateKeyPair("ES256", { extractable: true });
    privateKey = pair.privateKey;
    keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "ES256" }] });
  });

  const token = (claims: JWTPayload) => new SignJWT({ iss: ISSUER, aud: AUDIENCE, sub: "alice", ...claims }).setProtectedHeader({ alg: "ES256", kid: "k1" }).sign(privateKey);
  const verify = async (claims: JWTPayload, clockSkewSeconds: number) =>
    verifyJwtAccessToken(await token(claims), keys, { issuer: ISSUER, audiences: [AUDIENCE], algorithms: ["ES256"], clockSkewSeconds, now: () => NOW });
  const at = (offsetSeconds: number) => NOW / 1000 + offsetSeconds;

  it.each([
    ["exp 30 s ago", { exp: at(-30) }, "the token expired"],
    ["nbf in 30 s", { exp: at(300), nbf: at(30) }, "the token is not valid yet (nbf)"],
    ["iat in 30 s", { exp: at(300), iat: at(30) }, "the token was issued in the future (iat)"],
  ])("accepts %s within a 60 s skew and refuses it without skew", async (_name, claims, reason) => {
    expect(await verify(claims, 60)).toMatchObject({ ok: true, claims: { sub: "alice" } });
    expect(await verify(claims, 0)).toEqual({ ok: false, reason });
  });

  it("refuses a token beyond the skew", async () => {
    expect(await verify({ exp: at(-61) }, 60)).toEqual({ ok: false, reason: "the token expired" });
  });
});
