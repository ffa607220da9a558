import { describe, expect, it } from "vitest";
import { httpRedirect } from "./http-redirect";

type ValidCase = { name: string; input: unknown; expected: Record<string, unknown> };
type InvalidCase = { name: string; input: unknown; path: string; message: string };

const schema = httpRedirect.configSchema;

function issuesOf(input: unknown) {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

const valid: ValidCase[] = [
  { name: "a target URL, with the temporary status by default", input: { targetUrl: "https://new.example.com/" }, expected: { status: "302", targetUrl: "https://new.example.com/" } },
  {
    name: "a target with the path and query placeholders",
    input: { targetUrl: "https://new.example.com/{path}{query}" },
    expected: { status: "302", targetUrl: "https://new.example.com/{path}{query}" },
  },
  { name: "a placeholder right after the host", input: { targetUrl: "https://new.example.com{path}" }, expected: { status: "302", targetUrl: "https://new.example.com{path}" } },
  { name: "an http target with padding, which is trimmed", input: { targetUrl: "  http://localhost:8080/mcp  " }, expected: { status: "302", targetUrl: "http://localhost:8080/mcp" } },
  { name: "a permanent redirect", input: { status: "301", targetUrl: "https://new.example.com/" }, expected: { status: "301", targetUrl: "https://new.example.com/" } },
  { name: "a redirect that keeps the method", input: { status: "307", targetUrl: "https://new.example.com/" }, expected: { status: "307", targetUrl: "https://new.example.com/" } },
  { name: "a permanent redirect that keeps the method", input: { status: "308", targetUrl: "https://new.example.com/" }, expected: { status: "308", targetUrl: "https://new.example.com/" } },
];

const invalid: InvalidCase[] = [
  { name: "an empty config, which has no target", input: {}, path: "targetUrl", message: "Required" },
  { name: "a blank target", input: { targetUrl: "   " }, path: "targetUrl", message: "Required" },
  { name: "a relative target", input: { targetUrl: "/new-path" }, path: "targetUrl", message: "Enter an http:// or https:// URL" },
  { name: "a javascript: target", input: { targetUrl: "javascript:alert(1)" }, path: "targetUrl", message: "Enter an http:// or https:// URL" },
  { name: "a target that is only a placeholder", input: { targetUrl: "{path}" }, path: "targetUrl", message: "Enter an http:// or https:// URL" },
  { name: "a target whose host is a placeholder", input: { targetUrl: "https://{path}" }, path: "targetUrl", message: "Enter an http:// or https:// URL" },
  { name: "a target with a line break", input: { targetUrl: "https://new.example.com/\r\nSet-Cookie: a=b" }, path: "targetUrl", message: "Line breaks and control characters are not allowed" },
  { name: "a target longer than 2000 characters", input: { targetUrl: `https://new.example.com/${"a".repeat(2000)}` }, path: "targetUrl", message: "At most 2000 characters" },
  { name: "a status that is not a redirect we offer", input: { status: "303", targetUrl: "https://new.example.com/" }, path: "status", message: "Choose one of: 301, 302, 307, 308" },
  { name: "a status given as a number", input: { status: 301, targetUrl: "https://new.example.com/" }, path: "status", message: "Choose one of: 301, 302, 307, 308" },
];

describe("http-redirect", () => {
  it("is a Transform rule in the transform phase that MCP servers cannot use, with the reason", () => {
    expect(httpRedirect).toMatchObject({
      kind: "http-redirect",
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
