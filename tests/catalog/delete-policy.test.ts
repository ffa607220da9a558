import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/catalog/actor";
import { createPolicy } from "@/lib/catalog/create-policy";
import { deletePolicy } from "@/lib/catalog/delete-policy";
import { getPolicyOrThrow } from "@/lib/catalog/get-policy-or-throw";
import { catalogErrorOf } from "../helpers/catalog-error";
import { seedActor } from "../helpers/actors";
import { anonymousRule, roleRule } from "../helpers/rule-inputs";
import { createTempDatabase, type TempDatabase } from "../helpers/temp-database";

let temp: TempDatabase;
let admin: Actor;

beforeEach(async () => {
  temp = await createTempDatabase();
  admin = await seedActor(temp.ctx, "admin");
});

afterEach(() => temp.cleanup());

describe("deletePolicy", () => {
  it("removes the policy and its rules, and leaves other policies alone", async () => {
    const { policy } = await createPolicy(temp.ctx, admin, { name: "Doomed", rules: [anonymousRule(), roleRule(["anonymous"])] });
    const { policy: other } = await createPolicy(temp.ctx, admin, { name: "Kept", rules: [anonymousRule()] });

    await deletePolicy(temp.ctx, admin, policy.id);

    expect(await temp.ctx.db.policy.findUnique({ where: { id: policy.id } })).toBeNull();
    expect(await temp.ctx.db.rule.count({ where: { id: { in: policy.rules.map((rule) => rule.id) } } })).toBe(0);
    expect((await catalogErrorOf(getPolicyOrThrow(temp.ctx, admin, policy.id))).code).toBe("not_found");
    expect(await getPolicyOrThrow(temp.ctx, admin, other.id)).toEqual(other);
  });

  it("reports an unknown policy as not_found", async () => {
    const error = await catalogErrorOf(deletePolicy(temp.ctx, admin, "no-such-policy"));
    expect(error.code).toBe("not_found");
    expect(error.status).toBe(404);
  });

  it("refuses viewers and callers who are not signed in", async () => {
    const viewer = await seedActor(temp.ctx, "viewer");
    const { policy } = await createPolicy(temp.ctx, admin, { name: "Guarded", rules: [] });

    expect((await catalogErrorOf(deletePolicy(temp.ctx, viewer, policy.id))).code).toBe("forbidden");
    expect((await catalogErrorOf(deletePolicy(temp.ctx, null, policy.id))).code).toBe("unauthorized");
    expect(await temp.ctx.db.policy.count()).toBe(1);
  });
});
