import { describe, expect, it } from "vitest";
import { freeSlug, RESERVED_SERVER_SLUGS, slugFromName, slugProblem } from "./server-slug";

describe("slugFromName", () => {
  it.each([
    { name: "Billing Tools", slug: "billing-tools" },
    { name: "  Billing   Tools (EU)  ", slug: "billing-tools-eu" },
    { name: "Café Überweisung", slug: "cafe-uberweisung" },
    { name: "GitHub_MCP.v2", slug: "github-mcp-v2" },
    { name: "???", slug: "" },
    { name: `${"a".repeat(62)} b`, slug: "a".repeat(62) },
  ])("$name → $slug", ({ name, slug }) => {
    expect(slugFromName(name)).toBe(slug);
  });
});

describe("slugProblem", () => {
  it.each(["billing", "a", "b2b-tools", "a".repeat(63)])("accepts %s", (slug) => {
    expect(slugProblem(slug)).toBeNull();
  });

  it.each([
    { slug: "", problem: "Enter a slug" },
    { slug: "a".repeat(64), problem: "At most 63 characters" },
    { slug: "Billing", problem: "Use lowercase letters a–z, digits and hyphens only" },
    { slug: "billing tools", problem: "Use lowercase letters a–z, digits and hyphens only" },
    { slug: "billing/tools", problem: "Use lowercase letters a–z, digits and hyphens only" },
    { slug: "-billing", problem: "Start and end with a letter or digit" },
    { slug: "billing-", problem: "Start and end with a letter or digit" },
    { slug: "health", problem: "“health” is reserved for Gatehouse; choose another slug" },
  ])("refuses “$slug”", ({ slug, problem }) => {
    expect(slugProblem(slug)).toBe(problem);
  });
});

describe("freeSlug", () => {
  it("keeps a free slug", () => {
    expect(freeSlug("billing", new Set())).toBe("billing");
  });

  it("numbers a taken one", () => {
    expect(freeSlug("billing", new Set(["billing", "billing-2"]))).toBe("billing-3");
  });

  it("numbers a reserved one", () => {
    expect(RESERVED_SERVER_SLUGS).toContain("metrics");
    expect(freeSlug("metrics", new Set())).toBe("metrics-2");
  });

  it("falls back to “server” for a name without letters or digits", () => {
    expect(freeSlug("", new Set(["server"]))).toBe("server-2");
  });

  it("stays within 63 characters with a number", () => {
    const long = "a".repeat(63);
    expect(freeSlug(long, new Set([long]))).toBe(`${"a".repeat(61)}-2`);
  });
});
