import { describe, expect, it } from "vitest";
import { deltaSeconds, parseCacheControl } from "./cache-control";

type Case = { name: string; value: string | undefined; expected: Record<string, string> };

const cases: Case[] = [
  { name: "no header", value: undefined, expected: {} },
  { name: "an empty header", value: "", expected: {} },
  { name: "one directive", value: "no-store", expected: { "no-store": "" } },
  { name: "directives in any case, with spaces", value: " Private ,  MAX-AGE=60 ", expected: { private: "", "max-age": "60" } },
  { name: "a quoted argument with a comma inside", value: 'no-cache="set-cookie, x-token", max-age=5', expected: { "no-cache": "set-cookie, x-token", "max-age": "5" } },
  { name: "an escaped quote in a quoted argument", value: 'ext="a\\"b"', expected: { ext: 'a"b' } },
  { name: "a repeated directive, of which the first counts", value: "max-age=10, max-age=600", expected: { "max-age": "10" } },
  { name: "a malformed element between good ones", value: "public, =oops, s-maxage=30", expected: { public: "", "s-maxage": "30" } },
];

describe("parseCacheControl", () => {
  it.each(cases)("reads $name", ({ value, expected }) => {
    expect(Object.fromEntries(parseCacheControl(value))).toEqual(expected);
  });
});

describe("deltaSeconds", () => {
  it.each([
    ["0", 0],
    ["3600", 3600],
    ["-1", null],
    ["1.5", null],
    ["", null],
    [undefined, null],
    ["12345678901", null],
  ] as const)("reads %j as %j", (value, expected) => {
    expect(deltaSeconds(value)).toBe(expected);
  });
});
