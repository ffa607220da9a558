import { describe, expect, it } from "vitest";
import { httpRetry } from "./http-retry";

type ValidCase = { name: string; input: unknown; expected: Record<string, unknown> };
type InvalidCase = { name: string; input: unknown; path: string; message: string };

const schema = httpRetry.configSchema;

function issuesOf(input: unknown) {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

const valid: ValidCase[] = [
  {
    name: "an empty config, which retries idempotent methods on gateway errors",
    input: {},
    expected: { attempts: 3, backoffMs: 200, backoff: "exponential", statuses: ["502", "503", "504"], methods: ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"] },
  },
  { name: "the fewest attempts and no backoff", input: { attempts: 2, backoffMs: 0 }, expected: { attempts: 2, backoffMs: 0 } },
  { name: "the most attempts and the longest backoff", input: { attempts: 10, backoffMs: 60_000 }, expected: { attempts: 10, backoffMs: 60_000 } },
  { name: "a fixed backoff", input: { backoff: "fixed" }, expected: { backoff: "fixed" } },
  { name: "4xx and 5xx statuses with blanks, which are ignored", input: { statuses: ["429", " ", " 500 "] }, expected: { statuses: ["429", "500"] } },
  { name: "no statuses, retrying only refused connections", input: { statuses: [] }, expected: { statuses: [] } },
  { name: "non-idempotent methods", input: { methods: ["POST", "PATCH"] }, expected: { methods: ["POST", "PATCH"] } },
];

const invalid: InvalidCase[] = [
  { name: "a single attempt", input: { attempts: 1 }, path: "attempts", message: "At least 2" },
  { name: "more than 10 attempts", input: { attempts: 11 }, path: "attempts", message: "At most 10" },
  { name: "a fractional number of attempts", input: { attempts: 2.5 }, path: "attempts", message: "Enter a whole number" },
  { name: "a negative backoff", input: { backoffMs: -1 }, path: "backoffMs", message: "At least 0" },
  { name: "a backoff above one minute", input: { backoffMs: 60_001 }, path: "backoffMs", message: "At most 60,000" },
  { name: "an unknown backoff strategy", input: { backoff: "linear" }, path: "backoff", message: "Choose one of: fixed, exponential" },
  { name: "a 3xx status", input: { statuses: ["302"] }, path: "statuses.0", message: '"302" is not a 4xx or 5xx status' },
  { name: "a status pattern", input: { statuses: ["5xx"] }, path: "statuses.0", message: "is not a 4xx or 5xx status" },
  { name: "a status outside HTTP", input: { statuses: ["600"] }, path: "statuses.0", message: "is not a 4xx or 5xx status" },
  { name: "a status listed twice", input: { statuses: ["503", "503"] }, path: "statuses.1", message: "is listed twice" },
  { name: "no methods", input: { methods: [] }, path: "methods", message: "Choose at least one" },
  { name: "an unknown method", input: { methods: ["CONNECT"] }, path: "methods.0", message: "Choose from: GET, HEAD, OPTIONS, PUT, DELETE, POST, PATCH" },
  { name: "a method listed twice", input: { methods: ["GET", "GET"] }, path: "methods", message: "Each value may appear once" },
];

describe("http-retry", () => {
  it("is an Outbound rule in the transform phase that MCP servers cannot use, with the reason", () => {
    expect(httpRetry).toMatchObject({
      kind: "http-retry",
      category: "Outbound",
      phase: "transform",
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
