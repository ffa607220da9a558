import { describe, expect, it } from "vitest";
import type { CatalogChange } from "../catalog/change-events";
import { CatalogChangeFeed, type ChangeListener } from "./catalog-change-feed";

function recorder(): ChangeListener & { notified: CatalogChange[]; refreshes: number } {
  const listener = {
    notified: [] as CatalogChange[],
    refreshes: 0,
    notify(change: CatalogChange) {
      listener.notified.push(change);
    },
    async refresh() {
      listener.refreshes += 1;
    },
  };
  return listener;
}

function feedAt(revision: { value: number; reads: number }) {
  const listener = recorder();
  const feed = new CatalogChangeFeed({
    readRevision: async () => {
      revision.reads += 1;
      return revision.value;
    },
    listeners: [listener],
    pollMs: 60_000,
  });
  return { feed, listener };
}

const policy: CatalogChange = { type: "policy", id: "p1" };

describe("CatalogChangeFeed", () => {
  it("reloads nothing while the revision stays where it was at start", async () => {
    const revision = { value: 7, reads: 0 };
    const { feed, listener } = feedAt(revision);
    await feed.check();
    await feed.check();
    expect(listener.refreshes).toBe(0);
    expect(revision.reads).toBe(3);
  });

  it("reloads everything once when another instance moved the revision unheard", async () => {
    const revision = { value: 7, reads: 0 };
    const { feed, listener } = feedAt(revision);
    await feed.check();
    revision.value = 9;
    await feed.check();
    await feed.check();
    expect(listener.refreshes).toBe(1);
  });

  it("applies a change it heard of, and does not reload for it when it directly follows", async () => {
    const revision = { value: 7, reads: 0 };
    const { feed, listener } = feedAt(revision);
    await feed.check();
    revision.value = 8;
    feed.heard(policy, 8);
    await feed.check();
    expect(listener.notified).toEqual([policy]);
    expect(listener.refreshes).toBe(0);
  });

  it("still reloads when a heard change skips one it never heard of", async () => {
    const revision = { value: 7, reads: 0 };
    const { feed, listener } = feedAt(revision);
    await feed.check();
    revision.value = 9;
    feed.heard(policy, 9);
    await feed.check();
    expect(listener.refreshes).toBe(1);
  });

  it("loads the first full table only after reading the revision it reflects", async () => {
    const order: string[] = [];
    let release!: () => void;
    const feed = new CatalogChangeFeed({
      readRevision: () =>
        new Promise((resolve) => {
          release = () => {
            order.push("revision");
            resolve(1);
          };
        }),
      listeners: [],
      pollMs: 60_000,
    });
    const source = feed.source({
      load: async (filter) => {
        order.push(filter?.id ? "one" : "all");
        return [];
      },
    });
    const all = source.load();
    await source.load({ id: "s1" });
    release();
    await all;
    expect(order).toEqual(["one", "revision", "all"]);
  });

  it("keeps serving what it has while the database cannot be read, and catches up after", async () => {
    let fail = false;
    let value = 3;
    const listener = recorder();
    const feed = new CatalogChangeFeed({
      readRevision: async () => {
        if (fail) throw new Error("connection refused");
        return value;
      },
      listeners: [listener],
      pollMs: 60_000,
    });
    await feed.check();
    fail = true;
    value = 4;
    await feed.check();
    expect(listener.refreshes).toBe(0);
    fail = false;
    await feed.check();
    expect(listener.refreshes).toBe(1);
  });
});
