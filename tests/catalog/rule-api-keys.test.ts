import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/catalog/actor";
import type { CatalogContext } from "@/lib/catalog/context";
import { createPolicy } from "@/lib/catalog/create-policy";
import { getPolicyOrThrow } from "@/lib/catalog/get-policy-or-throw";
import type { StoredApiKey } from "@/lib/catalog/rule-api-keys";
import { updatePolicy } from "@/lib/catalog/update-policy";
import { catalogErrorOf } from "../helpers/catalog-error";
import { seedActor } from "../helpers/actors";
import { apiKeyRule, type ApiKeyInput } from "../helpers/rule-inputs";
import { createTempDatabase, type TempDatabase } from "../helpers/temp-database";

const sha256 = (value: string) => createHash("sha256").update(value, "utf8").digest("hex");

let temp: TempDatabase;
let clock: { now: Date };
let ctx: CatalogContext;
let admin: Actor;

beforeEach(async () => {
  temp = await createTempDatabase();
  clock = { now: new Date("2030-01-01T12:00:00.000Z") };
  ctx = { ...temp.ctx, now: () => clock.now };
  admin = await seedActor(ctx, "admin");
});

afterEach(() => temp.cleanup());

async function storedKeys(ruleId: string): Promise<StoredApiKey[]> {
  const rule = await ctx.db.rule.findUniqueOrThrow({ where: { id: ruleId } });
  return (rule.config as { keys: StoredApiKey[] }).keys;
}

/** Creates a policy with one API Key Authenticator holding the given keys. */
async function createWithKeys(keys: ApiKeyInput[]) {
  const saved = await createPolicy(ctx, admin, { name: "Keys", rules: [apiKeyRule(keys)] });
  const rule = saved.policy.rules[0];
  if (!rule) throw new Error("The policy was saved without its rule");
  return { ...saved, ruleId: rule.id };
}

function save(policyId: string, version: number, ruleId: string, keys: ApiKeyInput[]) {
  return updatePolicy(ctx, admin, policyId, { name: "Keys", version, rules: [apiKeyRule(keys, ruleId)] });
}

describe("API keys of an API Key Authenticator", () => {
  it("are generated on save and returned once, with their prefix", async () => {
    const { policy, ruleId, issuedKeys } = await createWithKeys([{ description: "CI pipeline", roles: ["deploy"] }]);

    expect(issuedKeys).toHaveLength(1);
    const [issued] = issuedKeys;
    expect(issued).toMatchObject({ ruleId, description: "CI pipeline", key: expect.stringMatching(/^ghk_[\w-]{43}$/) });

    const [view] = policy.rules[0]?.config.keys as Record<string, unknown>[];
    expect(view).toMatchObject({ id: issued?.keyId, description: "CI pipeline", roles: ["deploy"], revokedAt: null });
    expect(view?.prefix).toBe(issued?.key.slice(0, "ghk_".length + 6));

    const { issuedKeys: again } = await save(policy.id, 1, ruleId, [{ id: issued?.keyId, description: "CI pipeline", roles: ["deploy"] }]);
    expect(again).toEqual([]);
  });

  it("are stored as a SHA-256 hash and a prefix only; the key is nowhere in the database file", async () => {
    const { ruleId, issuedKeys } = await createWithKeys([{ description: "CI pipeline" }]);
    const key = issuedKeys[0]?.key ?? "";

    const [stored] = await storedKeys(ruleId);
    expect(stored).toEqual({
      id: issuedKeys[0]?.keyId,
      description: "CI pipeline",
      roles: [],
      expiresAt: null,
      prefix: key.slice(0, 10),
      hash: sha256(key),
      createdAt: clock.now.toISOString(),
      revokedAt: null,
    });

    const bytes = await temp.rawBytes();
    expect(bytes.includes(sha256(key))).toBe(true);
    expect(bytes.includes(key)).toBe(false);
    expect(bytes.includes(key.slice(10))).toBe(false);
  });

  it("are shown without their hash", async () => {
    const { policy, ruleId } = await createWithKeys([{ description: "CI pipeline" }]);
    const hash = (await storedKeys(ruleId))[0]?.hash ?? "";

    for (const view of [policy, await getPolicyOrThrow(ctx, admin, policy.id)]) {
      const [key] = view.rules[0]?.config.keys as Record<string, unknown>[];
      expect(key).not.toHaveProperty("hash");
      expect(JSON.stringify(view)).not.toContain(hash);
    }
  });

  it("ignore a hash, prefix, creation or revocation time sent by the client", async () => {
    const planted = sha256("ghk_chosen-by-the-client");
    const { ruleId, issuedKeys } = await createWithKeys([
      { description: "Planted", hash: planted, prefix: "ghk_chosen", createdAt: "2000-01-01T00:00:00.000Z", revokedAt: "2000-01-01T00:00:00.000Z" },
    ]);
    const key = issuedKeys[0]?.key ?? "";

    const [stored] = await storedKeys(ruleId);
    expect(stored?.hash).toBe(sha256(key));
    expect(stored?.hash).not.toBe(planted);
    expect(stored?.prefix).toBe(key.slice(0, 10));
    expect(stored?.createdAt).toBe(clock.now.toISOString());
    expect(stored?.revokedAt).toBeNull();
  });

  it("keep their stored hash when a client sends another one for a saved key", async () => {
    const { policy, ruleId, issuedKeys } = await createWithKeys([{ description: "CI pipeline" }]);
    const keyId = issuedKeys[0]?.keyId;
    const [before] = await storedKeys(ruleId);

    await save(policy.id, 1, ruleId, [{ id: keyId, description: "CI pipeline", hash: sha256("ghk_other"), prefix: "ghk_other" }]);

    expect(await storedKeys(ruleId)).toEqual([before]);
  });

  it("rotate to a new key with the same id and a different hash", async () => {
    const { policy, ruleId, issuedKeys } = await createWithKeys([{ description: "CI pipeline" }]);
    const first = issuedKeys[0];
    const [before] = await storedKeys(ruleId);
    clock.now = new Date("2030-02-01T00:00:00.000Z");

    const { issuedKeys: rotated } = await save(policy.id, 1, ruleId, [{ id: first?.keyId, description: "CI pipeline", rotate: true }]);

    expect(rotated).toHaveLength(1);
    expect(rotated[0]?.keyId).toBe(first?.keyId);
    expect(rotated[0]?.key).not.toBe(first?.key);
    const [after] = await storedKeys(ruleId);
    expect(after?.id).toBe(before?.id);
    expect(after?.hash).toBe(sha256(rotated[0]?.key ?? ""));
    expect(after?.hash).not.toBe(before?.hash);
    expect(after?.createdAt).toBe(clock.now.toISOString());
  });

  it("revoke for good: the revocation time stays, and a revoked key is not rotated back to life", async () => {
    const { policy, ruleId, issuedKeys } = await createWithKeys([{ description: "CI pipeline" }]);
    const keyId = issuedKeys[0]?.keyId;
    const revokedAt = new Date("2030-03-01T00:00:00.000Z");
    clock.now = revokedAt;

    await save(policy.id, 1, ruleId, [{ id: keyId, description: "CI pipeline", revoked: true }]);
    const [revoked] = await storedKeys(ruleId);
    expect(revoked?.revokedAt).toBe(revokedAt.toISOString());

    clock.now = new Date("2030-04-01T00:00:00.000Z");
    const { issuedKeys: reissued } = await save(policy.id, 2, ruleId, [
      { id: keyId, description: "CI pipeline", revoked: false, revokedAt: null, rotate: true },
    ]);
    expect(reissued).toEqual([]);
    expect(await storedKeys(ruleId)).toEqual([revoked]);
  });

  it("refuse an expiration date in the past for a new key", async () => {
    const error = await catalogErrorOf(createWithKeys([{ description: "Late", expiresAt: "2029-12-31T23:59:59Z" }]));
    expect(error.code).toBe("validation_failed");
    expect(error.issues.map((issue) => issue.path)).toEqual(["rules.0.config.keys.0.expiresAt"]);
    expect(await ctx.db.policy.count()).toBe(0);
  });

  it("accept a saved key whose unchanged expiration date has passed since", async () => {
    const expiresAt = "2030-06-30T00:00:00Z";
    const { policy, ruleId, issuedKeys } = await createWithKeys([{ description: "Expiring", expiresAt }]);
    clock.now = new Date("2030-07-01T00:00:00.000Z");

    const view = await getPolicyOrThrow(ctx, admin, policy.id);
    const [shown] = view.rules[0]?.config.keys as { expiresAt: string }[];
    await save(policy.id, 1, ruleId, [{ id: issuedKeys[0]?.keyId, description: "Expiring, echoed from the view", expiresAt: shown?.expiresAt }]);
    await save(policy.id, 2, ruleId, [{ id: issuedKeys[0]?.keyId, description: "Expiring, as first sent", expiresAt }]);

    const [stored] = await storedKeys(ruleId);
    expect(stored?.expiresAt).toBe(new Date(expiresAt).toISOString());
    expect(stored?.description).toBe("Expiring, as first sent");
  });

  it("refuse a key id the rule does not have", async () => {
    const { policy, ruleId } = await createWithKeys([{ description: "CI pipeline" }]);

    const error = await catalogErrorOf(save(policy.id, 1, ruleId, [{ id: "no-such-key", description: "Ghost" }]));
    expect(error.code).toBe("validation_failed");
    expect(error.issues.map((issue) => issue.path)).toEqual(["rules.0.config.keys.0.id"]);
  });

  it("refuse the same key twice in one save, so that a rotation or revocation cannot leave the old key working", async () => {
    const { policy, ruleId, issuedKeys } = await createWithKeys([{ description: "CI pipeline" }]);
    const keyId = issuedKeys[0]?.keyId;
    const [before] = await storedKeys(ruleId);

    const rotated = await catalogErrorOf(
      save(policy.id, 1, ruleId, [
        { id: keyId, description: "CI pipeline", rotate: true },
        { id: keyId, description: "CI pipeline" },
      ]),
    );
    expect(rotated.code).toBe("validation_failed");
    expect(rotated.issues.map((issue) => issue.path)).toEqual(["rules.0.config.keys.1.id"]);

    const revoked = await catalogErrorOf(
      save(policy.id, 1, ruleId, [
        { id: keyId, description: "CI pipeline", revoked: true },
        { id: keyId, description: "CI pipeline" },
      ]),
    );
    expect(revoked.code).toBe("validation_failed");
    expect(await storedKeys(ruleId)).toEqual([before]);
  });
});
