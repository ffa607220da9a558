import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/catalog/actor";
import { createPolicy } from "@/lib/catalog/create-policy";
import type { PolicyView } from "@/lib/catalog/policy-view";
import { updatePolicy } from "@/lib/catalog/update-policy";
import { catalogErrorOf } from "../helpers/catalog-error";
import { seedActor } from "../helpers/actors";
import { anonymousRule, roleRule } from "../helpers/rule-inputs";
import { createTempDatabase, type TempDatabase } from "../helpers/temp-database";

let temp: TempDatabase;
let alice: Actor;
let bob: Actor;

beforeEach(async () => {
  temp = await createTempDatabase();
  alice = await seedActor(temp.ctx, "admin", "alice@example.com");
  bob = await seedActor(temp.ctx, "admin", "bob@example.com");
});

afterEach(() => temp.cleanup());

function ruleId(policy: PolicyView, index: number): string {
  const rule = policy.rules[index];
  if (!rule) throw new Error(`The policy has no rule ${index}`);
  return rule.id;
}

async function storedRules(policyId: string) {
  return temp.ctx.db.rule.findMany({ where: { policyId }, orderBy: { position: "asc" } });
}

describe("updatePolicy", () => {
  it("saves a new version, recording who saved it", async () => {
    const { policy } = await createPolicy(temp.ctx, alice, { name: "Tools", rules: [anonymousRule()] });

    const first = await updatePolicy(temp.ctx, bob, policy.id, {
      name: "Tools v2",
      description: "Renamed",
      version: 1,
      rules: [anonymousRule(["guest"], ruleId(policy, 0))],
    });
    expect(first.policy).toMatchObject({ name: "Tools v2", description: "Renamed", version: 2, updatedBy: "bob@example.com" });
    expect(first.policy.rules[0]?.config).toEqual({ roles: ["guest"] });

    const second = await updatePolicy(temp.ctx, alice, policy.id, { name: "Tools v2", version: 2, rules: first.policy.rules });
    expect(second.policy.version).toBe(3);
    expect((await temp.ctx.db.policy.findUniqueOrThrow({ where: { id: policy.id } })).version).toBe(3);
  });

  it("refuses a stale version with a 409 that names who saved in between", async () => {
    const { policy } = await createPolicy(temp.ctx, alice, { name: "Shared", rules: [anonymousRule()] });
    await updatePolicy(temp.ctx, bob, policy.id, { name: "Shared by Bob", version: 1, rules: [] });

    const error = await catalogErrorOf(updatePolicy(temp.ctx, alice, policy.id, { name: "Shared by Alice", version: 1, rules: [] }));
    expect(error.code).toBe("conflict");
    expect(error.status).toBe(409);
    expect(error.message).toContain("bob@example.com");
    expect(error.message).toContain("reload");

    const stored = await temp.ctx.db.policy.findUniqueOrThrow({ where: { id: policy.id } });
    expect(stored).toMatchObject({ name: "Shared by Bob", version: 2, updatedBy: "bob@example.com" });
  });

  it("keeps the ids of kept rules when rules are reordered, removed and added", async () => {
    const { policy } = await createPolicy(temp.ctx, alice, {
      name: "Reordered",
      rules: [anonymousRule(["a"]), roleRule(["b"]), roleRule(["c"])],
    });
    const [a, b, c] = [ruleId(policy, 0), ruleId(policy, 1), ruleId(policy, 2)];

    const { policy: updated } = await updatePolicy(temp.ctx, alice, policy.id, {
      name: "Reordered",
      version: 1,
      rules: [roleRule(["c"], c), anonymousRule(["a"], a), { kind: "request-size-limit", config: {} }],
    });

    expect(updated.rules.map((rule) => rule.id).slice(0, 2)).toEqual([c, a]);
    const added = ruleId(updated, 2);
    expect([a, b, c]).not.toContain(added);
    expect(updated.rules.map((rule) => rule.kind)).toEqual(["authorize-by-role", "anonymous-authenticator", "request-size-limit"]);

    const stored = await storedRules(policy.id);
    expect(stored.map((rule) => [rule.id, rule.position])).toEqual([
      [c, 0],
      [a, 1],
      [added, 2],
    ]);
    expect(await temp.ctx.db.rule.findUnique({ where: { id: b } })).toBeNull();
  });

  it("refuses a rule id that belongs to another policy, and changes neither policy", async () => {
    const { policy: other } = await createPolicy(temp.ctx, alice, { name: "Other", rules: [anonymousRule(["other"])] });
    const { policy: mine } = await createPolicy(temp.ctx, alice, { name: "Mine", rules: [anonymousRule(["mine"])] });
    const foreignId = ruleId(other, 0);

    const error = await catalogErrorOf(
      updatePolicy(temp.ctx, alice, mine.id, { name: "Mine", version: 1, rules: [anonymousRule(["stolen"], foreignId)] }),
    );
    expect(error.code).toBe("validation_failed");
    expect(error.issues.map((issue) => issue.path)).toEqual(["rules.0.id"]);

    const foreign = await temp.ctx.db.rule.findUniqueOrThrow({ where: { id: foreignId } });
    expect(foreign.policyId).toBe(other.id);
    expect(foreign.config).toEqual({ roles: ["other"] });
    expect((await storedRules(mine.id)).map((rule) => rule.id)).toEqual([ruleId(mine, 0)]);
    expect((await temp.ctx.db.policy.findUniqueOrThrow({ where: { id: mine.id } })).version).toBe(1);
  });

  it("refuses the same rule id twice in one save", async () => {
    const { policy } = await createPolicy(temp.ctx, alice, { name: "Twice", rules: [anonymousRule()] });
    const id = ruleId(policy, 0);

    const error = await catalogErrorOf(
      updatePolicy(temp.ctx, alice, policy.id, { name: "Twice", version: 1, rules: [anonymousRule(["x"], id), anonymousRule(["y"], id)] }),
    );
    expect(error.code).toBe("validation_failed");
    expect(error.issues.map((issue) => issue.path)).toEqual(["rules.1.id"]);
  });

  it("refuses to change the kind of a saved rule", async () => {
    const { policy } = await createPolicy(temp.ctx, alice, { name: "Kinds", rules: [anonymousRule()] });
    const id = ruleId(policy, 0);

    const error = await catalogErrorOf(updatePolicy(temp.ctx, alice, policy.id, { name: "Kinds", version: 1, rules: [roleRule(["admin"], id)] }));
    expect(error.code).toBe("validation_failed");
    expect(error.issues.map((issue) => issue.path)).toEqual(["rules.0.kind"]);
    expect((await temp.ctx.db.rule.findUniqueOrThrow({ where: { id } })).kind).toBe("anonymous-authenticator");
  });

  it("refuses a name another policy has, in any case, but accepts the policy's own name in a new case", async () => {
    await createPolicy(temp.ctx, alice, { name: "Taken", rules: [] });
    const { policy } = await createPolicy(temp.ctx, alice, { name: "Mine", rules: [] });

    const error = await catalogErrorOf(updatePolicy(temp.ctx, alice, policy.id, { name: "TAKEN", version: 1, rules: [] }));
    expect(error.code).toBe("name_taken");
    expect(error.issues.map((issue) => issue.path)).toEqual(["name"]);

    const { policy: renamed } = await updatePolicy(temp.ctx, alice, policy.id, { name: "MINE", version: 1, rules: [] });
    expect(renamed.name).toBe("MINE");
  });

  it("requires the version, refuses viewers, and reports an unknown policy", async () => {
    const viewer = await seedActor(temp.ctx, "viewer");
    const { policy } = await createPolicy(temp.ctx, alice, { name: "Guarded", rules: [] });

    const missingVersion = await catalogErrorOf(updatePolicy(temp.ctx, alice, policy.id, { name: "Guarded", rules: [] }));
    expect(missingVersion.code).toBe("validation_failed");
    expect(missingVersion.issues.map((issue) => issue.path)).toEqual(["version"]);

    expect((await catalogErrorOf(updatePolicy(temp.ctx, viewer, policy.id, { name: "Guarded", version: 1, rules: [] }))).code).toBe("forbidden");
    expect((await catalogErrorOf(updatePolicy(temp.ctx, null, policy.id, { name: "Guarded", version: 1, rules: [] }))).code).toBe("unauthorized");
    expect((await catalogErrorOf(updatePolicy(temp.ctx, alice, "no-such-policy", { name: "Guarded", version: 1, rules: [] }))).code).toBe("not_found");
  });
});
