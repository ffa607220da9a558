import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/catalog/actor";
import { onCatalogChange, readCatalogRevision, type CatalogChange } from "@/lib/catalog/change-events";
import { createPolicy } from "@/lib/catalog/create-policy";
import { createServer } from "@/lib/catalog/create-server";
import { createService } from "@/lib/catalog/create-service";
import { deletePolicy } from "@/lib/catalog/delete-policy";
import { deleteServer } from "@/lib/catalog/delete-server";
import { deleteService } from "@/lib/catalog/delete-service";
import { duplicatePolicy } from "@/lib/catalog/duplicate-policy";
import { updatePolicy } from "@/lib/catalog/update-policy";
import { updateServer } from "@/lib/catalog/update-server";
import { updateService } from "@/lib/catalog/update-service";
import { seedActor } from "../helpers/actors";
import { anonymousRule, roleRule } from "../helpers/rule-inputs";
import { createTempDatabase, type TempDatabase } from "../helpers/temp-database";

/**
 * Every write to the catalog counts in CatalogRevision, which gateway instances without Redis
 * read to notice changes made through another instance (lib/gateway/catalog-change-feed.ts).
 */
let temp: TempDatabase;
let admin: Actor;

beforeEach(async () => {
  temp = await createTempDatabase();
  admin = await seedActor(temp.ctx, "admin", "admin@example.com");
});

afterEach(() => temp.cleanup());

describe("the catalog revision", () => {
  it("starts at 0 in a freshly migrated database", async () => {
    expect(await readCatalogRevision(temp.ctx.db)).toBe(0);
  });

  it("goes up by one with every write to a policy, server or service, and each change is announced with its revision", async () => {
    const heard: [CatalogChange, number | null][] = [];
    const stop = onCatalogChange((change, revision) => heard.push([change, revision]));
    try {
      const rules = [anonymousRule(), roleRule(["anonymous"])];
      const { policy } = await createPolicy(temp.ctx, admin, { name: "Open", rules });
      const saved = await updatePolicy(temp.ctx, admin, policy.id, { name: "Open", version: policy.version, rules: policy.rules });
      const copy = await duplicatePolicy(temp.ctx, admin, policy.id);
      const server = await createServer(temp.ctx, admin, { name: "Notes", upstreamUrl: "http://127.0.0.1:3001/mcp", policyId: policy.id });
      await updateServer(temp.ctx, admin, server.id, { name: "Notes", upstreamUrl: "http://127.0.0.1:3001/mcp", policyId: policy.id, enabled: false, version: server.version });
      const service = await createService(temp.ctx, admin, { name: "Billing", upstreamBaseUrl: "http://127.0.0.1:3002/", policyId: policy.id });
      await updateService(temp.ctx, admin, service.id, { name: "Billing", upstreamBaseUrl: "http://127.0.0.1:3002/", policyId: policy.id, enabled: false, version: service.version });
      await deleteService(temp.ctx, admin, service.id);
      await deleteServer(temp.ctx, admin, server.id);
      await deletePolicy(temp.ctx, admin, copy.id);
      expect(saved.policy.version).toBe(2);
    } finally {
      stop();
    }
    expect(heard.map(([change]) => change.type)).toEqual(["policy", "policy", "policy", "server", "server", "service", "service", "service", "server", "policy"]);
    expect(heard.map(([, revision]) => revision)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await readCatalogRevision(temp.ctx.db)).toBe(10);
  });

  it("gives concurrent writers distinct revisions", async () => {
    const heard: (number | null)[] = [];
    const stop = onCatalogChange((_change, revision) => heard.push(revision));
    try {
      await Promise.all(["A", "B", "C", "D", "E"].map((name) => createPolicy(temp.ctx, admin, { name, rules: [anonymousRule()] })));
    } finally {
      stop();
    }
    expect([...heard].sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
