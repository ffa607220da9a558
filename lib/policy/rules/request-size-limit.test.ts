import { describe, expect, it } from "vitest";
import { requestSizeLimit } from "./request-size-limit";

type ValidCase = { name: string; input: unknown; expected: Record<string, unknown> };
type InvalidCase = { name: string; input: unknown; path: string; message: string };

const schema = requestSizeLimit.configSchema;

function issuesOf(input: unknown) {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

const valid: ValidCase[] = [
  { name: "an empty config, which allows 10 MB", input: {}, expected: { maxBytes: 10_000_000 } },
  { name: "the smallest limit", input: { maxBytes: 1 }, expected: { maxBytes: 1 } },
  { name: "the largest limit", input: { maxBytes: 1_000_000_000 }, expected: { maxBytes: 1_000_000_000 } },
];

const invalid: InvalidCase[] = [
  { name: "a limit of zero", input: { maxBytes: 0 }, path: "maxBytes", message: "At least 1" },
  { name: "a negative limit", input: { maxBytes: -5 }, path: "maxBytes", message: "At least 1" },
  { name: "a limit above one billion bytes", input: { maxBytes: 1_000_000_001 }, path: "maxBytes", message: "At most 1,000,000,000" },
  { name: "a fractional limit", input: { maxBytes: 1.5 }, path: "maxBytes", message: "Enter a whole number" },
  { name: "a limit with a unit", input: { maxBytes: "10MB" }, path: "maxBytes", message: "Enter a whole number" },
  { name: "a null limit", input: { maxBytes: null }, path: "maxBytes", message: "Enter a whole number" },
];

describe("request-size-limit", () => {
  it("is a Shape rule in the validate phase that MCP servers can use", () => {
    expect(requestSizeLimit).toMatchObject({ kind: "request-size-limit", category: "Shape", phase: "validate", mcp: { compatible: true } });
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
