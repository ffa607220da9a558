import { describe, expect, it } from "vitest";
import { TokenCache } from "./token-cache";

function cacheAt(start: number, maxEntries = 10) {
  const clock = { now: start };
  return { clock, cache: new TokenCache<string>(maxEntries, () => clock.now) };
}

describe("TokenCache", () => {
  it("returns a value until its expiry, and nothing from then on", () => {
    const { clock, cache } = cacheAt(1_000);
    cache.set("token-a", "alice", 2_000);
    expect(cache.get("token-a")).toBe("alice");
    clock.now = 1_999;
    expect(cache.get("token-a")).toBe("alice");
    clock.now = 2_000;
    expect(cache.get("token-a")).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("does not keep a value that has already expired", () => {
    const { cache } = cacheAt(5_000);
    cache.set("stale", "bob", 5_000);
    cache.set("older", "carol", 4_000);
    expect(cache.get("stale")).toBeUndefined();
    expect(cache.get("older")).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("replaces the value and expiry of a token set again", () => {
    const { clock, cache } = cacheAt(0);
    cache.set("token", "first", 100);
    cache.set("token", "second", 200);
    expect(cache.size).toBe(1);
    clock.now = 150;
    expect(cache.get("token")).toBe("second");
  });

  it("tells tokens apart, however alike", () => {
    const { cache } = cacheAt(0);
    cache.set("aaa.bbb.ccc", "one", 100);
    cache.set("aaa.bbb.ccd", "two", 100);
    expect(cache.get("aaa.bbb.ccc")).toBe("one");
    expect(cache.get("aaa.bbb.ccd")).toBe("two");
    expect(cache.get("aaa.bbb.cc")).toBeUndefined();
  });

  it("holds at most maxEntries, dropping the least recently used first", () => {
    const { cache } = cacheAt(0, 3);
    cache.set("a", "A", 100);
    cache.set("b", "B", 100);
    cache.set("c", "C", 100);
    expect(cache.get("a")).toBe("A");
    cache.set("d", "D", 100);
    expect(cache.size).toBe(3);
    expect(cache.get("b")).toBeUndefined();
    expect([cache.get("a"), cache.get("c"), cache.get("d")]).toEqual(["A", "C", "D"]);
    cache.set("c", "C2", 100);
    cache.set("e", "E", 100);
    expect(cache.get("a")).toBeUndefined();
    expect([cache.get("c"), cache.get("d"), cache.get("e")]).toEqual(["C2", "D", "E"]);
  });

  it("keys entries by a SHA-256 of the token, not the token itself", () => {
    const token = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
    expect(TokenCache.key(token)).toBe("hbk5GD1nv9CDhNxU8dP1h4nPkXytAenmAKhTPndSivg");
    expect(TokenCache.key(token)).not.toContain("eyJ");
  });
});
