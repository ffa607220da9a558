import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/catalog/actor";
import { createPolicy } from "@/lib/catalog/create-policy";
import { duplicatePolicy } from "@/lib/catalog/duplicate-policy";
import { openRuleSecret } from "@/lib/catalog/rule-secrets";
import { updatePolicy } from "@/lib/catalog/update-policy";
import { POLICY_NAME_MAX } from "@/lib/policy/policy-schema";
import { catalogErrorOf } from "../helpers/catalog-error";
import { seedActor } from "../helpers/actors";
import { clientCredentialsRule, roleRule } from "../helpers/rule-inputs";
import { createTempDatabase, TEST_SEALING_KEY, type TempDatabase } from "../helpers/temp-database";

let temp: TempDatabase;
let admin: Actor;

beforeEach(async () => {
  temp = await createTempDatabase();
  admin = await seedActor(temp.ctx, "admin");
});

afterEach(() => temp.cleanup());

async function storedConfigs(policyId: string): Promise<Record<string, unknown>[]> {
  const rules = await temp.ctx.db.rule.findMany({ where: { policyId }, orderBy: { position: "asc" } });
  return rules.map((rule) => rule.config as Record<string, unknown>);
}

describe("duplicatePolicy", () => {
  it("names copies “Name (copy)”, then “Name (copy 2)”", async () => {
    const { policy } = await createPolicy(temp.ctx, admin, { name: "Partner API", rules: [] });

    expect((await duplicatePolicy(temp.ctx, admin, policy.id)).name).toBe("Partner API (copy)");
    expect((await duplicatePolicy(temp.ctx, admin, policy.id)).name).toBe("Partner API (copy 2)");
    expect(await temp.ctx.db.policy.count()).toBe(3);
  });

  it("skips a copy name that is taken in another case", async () => {
    await createPolicy(temp.ctx, admin, { name: "partner api (COPY)", rules: [] });
    const { policy } = await createPolicy(temp.ctx, admin, { name: "Partner API", rules: [] });

    expect((await duplicatePolicy(temp.ctx, admin, policy.id)).name).toBe("Partner API (copy 2)");
  });

  it("keeps a copy of a policy with the longest name within the limit", async () => {
    const { policy } = await createPolicy(temp.ctx, admin, { name: "n".repeat(POLICY_NAME_MAX), rules: [] });

    const copy = await duplicatePolicy(temp.ctx, admin, policy.id);
    expect(copy.name.length).toBeLessThanOrEqual(POLICY_NAME_MAX);
    expect(copy.name).toMatch(/^n+ \(copy\)$/);
  });

  it("copies the rules in order, under new ids, as a first version", async () => {
    const { policy } = await createPolicy(temp.ctx, admin, {
      name: "Source",
      description: "The original",
      rules: [roleRule(["first"]), { ...roleRule(["second"]), enabled: false, condition: 'request.method == "GET"', description: "Reads only" }],
    });

    const copy = await duplicatePolicy(temp.ctx, admin, policy.id);

    expect(copy).toMatchObject({ description: "The original", version: 1, updatedBy: admin.email });
    expect(copy.rules.map(({ id: _id, ...rule }) => rule)).toEqual(policy.rules.map(({ id: _id, ...rule }) => rule));
    expect(copy.rules.map((rule) => rule.id).filter((id) => policy.rules.some((rule) => rule.id === id))).toEqual([]);
    expect(await temp.ctx.db.rule.count({ where: { policyId: policy.id } })).toBe(2);
  });

  it("does not copy API keys, but keeps the rest of the authenticator's configuration", async () => {
    const { policy } = await createPolicy(temp.ctx, admin, {
      name: "Keys",
      rules: [{ kind: "api-key-authenticator", config: { keys: [{ description: "CI pipeline" }], headerNames: ["X-Partner-Key"] } }],
    });

    const copy = await duplicatePolicy(temp.ctx, admin, policy.id);

    expect(copy.rules[0]?.config).toMatchObject({ keys: [], headerNames: ["X-Partner-Key"] });
    const [stored] = await storedConfigs(copy.id);
    expect(stored?.keys).toEqual([]);
    const [original] = await storedConfigs(policy.id);
    expect(original?.keys).toHaveLength(1);
  });

  it("copies sealed secrets, which the copy can keep with { set: true }", async () => {
    const { policy } = await createPolicy(temp.ctx, admin, { name: "OAuth", rules: [clientCredentialsRule("copied-client-secret")] });
    const [original] = await storedConfigs(policy.id);

    const copy = await duplicatePolicy(temp.ctx, admin, policy.id);
    expect(copy.rules[0]?.config.clientSecret).toEqual({ set: true });
    const [copied] = await storedConfigs(copy.id);
    expect(copied?.clientSecret).toEqual(original?.clientSecret);
    expect(openRuleSecret(copied?.clientSecret, "clientSecret", TEST_SEALING_KEY)).toBe("copied-client-secret");

    await updatePolicy(temp.ctx, admin, copy.id, { name: copy.name, version: 1, rules: [clientCredentialsRule({ set: true }, copy.rules[0]?.id)] });
    const [kept] = await storedConfigs(copy.id);
    expect(openRuleSecret(kept?.clientSecret, "clientSecret", TEST_SEALING_KEY)).toBe("copied-client-secret");
  });

  it("reports an unknown policy and refuses viewers", async () => {
    const viewer = await seedActor(temp.ctx, "viewer");
    const { policy } = await createPolicy(temp.ctx, admin, { name: "Guarded", rules: [] });

    expect((await catalogErrorOf(duplicatePolicy(temp.ctx, admin, "no-such-policy"))).code).toBe("not_found");
    expect((await catalogErrorOf(duplicatePolicy(temp.ctx, viewer, policy.id))).code).toBe("forbidden");
    expect((await catalogErrorOf(duplicatePolicy(temp.ctx, null, policy.id))).code).toBe("unauthorized");
    expect(await temp.ctx.db.policy.count()).toBe(1);
  });
});
