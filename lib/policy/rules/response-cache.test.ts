import { describe, expect, it } from "vitest";
import { responseCache } from "./response-cache";

type ValidCase = { name: string; input: unknown; expected: Record<string, unknown> };
type InvalidCase = { name: string; input: unknown; path: string; message: string };

const schema = responseCache.configSchema;

function issuesOf(input: unknown) {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

const valid: ValidCase[] = [
  { name: "an empty config, which caches per caller for a minute", input: {}, expected: { ttlSeconds: 60, keyHeaders: [], keyQueryParameters: [], public: false } },
  { name: "the shortest TTL", input: { ttlSeconds: 1 }, expected: { ttlSeconds: 1 } },
  { name: "the longest TTL", input: { ttlSeconds: 86400 }, expected: { ttlSeconds: 86400 } },
  { name: "key headers with blanks, which are ignored", input: { keyHeaders: ["Accept", " ", " Accept-Language "] }, expected: { keyHeaders: ["Accept", "Accept-Language"] } },
  { name: "query parameters that differ only in case", input: { keyQueryParameters: ["Page", "page"] }, expected: { keyQueryParameters: ["Page", "page"] } },
  { name: "a cache shared between callers", input: { public: true }, expected: { public: true } },
];

const invalid: InvalidCase[] = [
  { name: "a TTL of zero", input: { ttlSeconds: 0 }, path: "ttlSeconds", message: "At least 1" },
  { name: "a TTL above one day", input: { ttlSeconds: 86401 }, path: "ttlSeconds", message: "At most 86,400" },
  { name: "a fractional TTL", input: { ttlSeconds: 1.5 }, path: "ttlSeconds", message: "Enter a whole number" },
  { name: "a key header with a space", input: { keyHeaders: ["Accept Language"] }, path: "keyHeaders.0", message: '"Accept Language" is not a valid header name' },
  { name: "a key header listed twice in another case", input: { keyHeaders: ["Accept", "accept"] }, path: "keyHeaders.1", message: "is listed twice" },
  { name: "a query parameter listed twice", input: { keyQueryParameters: ["page", "page"] }, path: "keyQueryParameters.1", message: '"page" is listed twice' },
  { name: "a shared flag that is not a boolean", input: { public: "yes" }, path: "public", message: "Choose yes or no" },
];

describe("response-cache", () => {
  it("is a Shape rule in the shape phase that MCP servers cannot use, with the reason", () => {
    expect(responseCache).toMatchObject({
      kind: "response-cache",
      category: "Shape",
      phase: "shape",
      mcp: { compatible: false, reason: expect.stringMatching(/\S/) },
    });
  });

  it.each(valid)("accepts $name", ({ input, expected }) => {
    const result = schema.safeParse(input);
    expect(result.error?.issues ?? []).toEqual([]);
    expect(result.data).toMatchObject(expected);
  });

  it.each(invalid)("refuses $name", ({ input, path, message }) => {
    expect(issuesOf(input)).toContainEqual({ path, message: expect.stringContaining(message) });
  });
});
