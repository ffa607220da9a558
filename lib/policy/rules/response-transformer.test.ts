import { describe, expect, it } from "vitest";
import { responseTransformer } from "./response-transformer";

type ValidCase = { name: string; input: unknown; expected: Record<string, unknown> };
type InvalidCase = { name: string; input: unknown; path: string; message: string };

const schema = responseTransformer.configSchema;

function issuesOf(input: unknown) {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

const add = (name: string, value: string) => ({ addHeaders: [{ name, value }] });

const valid: ValidCase[] = [
  {
    name: "a header to add",
    input: add("Cache-Control", "max-age=60, public"),
    expected: { addHeaders: [{ name: "Cache-Control", value: "max-age=60, public" }], replaceHeaders: [], removeHeaders: [] },
  },
  {
    name: "a header to replace, with padding, which is trimmed",
    input: { replaceHeaders: [{ name: " Server ", value: " gatehouse " }] },
    expected: { addHeaders: [], replaceHeaders: [{ name: "Server", value: "gatehouse" }], removeHeaders: [] },
  },
  {
    name: "headers to remove, with blanks, which are ignored",
    input: { removeHeaders: ["Server", "", "X-Powered-By"] },
    expected: { addHeaders: [], replaceHeaders: [], removeHeaders: ["Server", "X-Powered-By"] },
  },
  {
    name: "a value with a tab inside",
    input: add("X-Note", "a\tb"),
    expected: { addHeaders: [{ name: "X-Note", value: "a\tb" }], replaceHeaders: [], removeHeaders: [] },
  },
];

const invalid: InvalidCase[] = [
  { name: "an empty config", input: {}, path: "addHeaders", message: "Add, replace or remove at least one header" },
  { name: "only blank headers to remove", input: { removeHeaders: [" "] }, path: "addHeaders", message: "Add, replace or remove at least one header" },
  { name: "a header name with a space", input: add("X Note", "a"), path: "addHeaders.0.name", message: '"X Note" is not a valid header name' },
  { name: "a blank header name", input: { replaceHeaders: [{ name: " ", value: "a" }] }, path: "replaceHeaders.0.name", message: "Required" },
  { name: "a blank value", input: add("X-Note", "  "), path: "addHeaders.0.value", message: "Required" },
  { name: "a value with a line break", input: add("X-Note", "a\r\nSet-Cookie: session=x"), path: "addHeaders.0.value", message: "Line breaks and control characters are not allowed" },
  { name: "a value with a NUL character", input: { replaceHeaders: [{ name: "X-Note", value: "a\u0000b" }] }, path: "replaceHeaders.0.value", message: "Line breaks and control characters" },
  { name: "a value longer than 2000 characters", input: add("X-Note", "v".repeat(2001)), path: "addHeaders.0.value", message: "At most 2000 characters" },
  { name: "a header to remove listed twice in another case", input: { removeHeaders: ["Server", "server"] }, path: "removeHeaders.1", message: "is listed twice" },
  { name: "a header to remove with a colon", input: { removeHeaders: ["Server:"] }, path: "removeHeaders.0", message: "is not a valid header name" },
];

describe("response-transformer", () => {
  it("is a Transform rule in the transform phase that MCP servers cannot use, with the reason", () => {
    expect(responseTransformer).toMatchObject({
      kind: "response-transformer",
      category: "Transform",
      phase: "transform",
      mcp: { compatible: false, reason: expect.stringMatching(/\S/) },
    });
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
