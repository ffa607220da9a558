import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/catalog/actor";
import { createPolicy } from "@/lib/catalog/create-policy";
import { getPolicyOrThrow } from "@/lib/catalog/get-policy-or-throw";
import { listPolicies } from "@/lib/catalog/list-policies";
import { openRuleSecret } from "@/lib/catalog/rule-secrets";
import { updatePolicy } from "@/lib/catalog/update-policy";
import { catalogErrorOf } from "../helpers/catalog-error";
import { seedActor } from "../helpers/actors";
import { clientCredentialsRule } from "../helpers/rule-inputs";
import { createTempDatabase, TEST_SEALING_KEY, type TempDatabase } from "../helpers/temp-database";

const SECRET = "client-secret-6f1c2b9e-plaintext";
const NEW_SECRET = "client-secret-a83d07c4-rotated";

let temp: TempDatabase;
let admin: Actor;

beforeEach(async () => {
  temp = await createTempDatabase();
  admin = await seedActor(temp.ctx, "admin");
});

afterEach(() => temp.cleanup());

/** The clientSecret as the rule's database row holds it. */
async function storedSecret(ruleId: string): Promise<unknown> {
  const rule = await temp.ctx.db.rule.findUniqueOrThrow({ where: { id: ruleId } });
  return (rule.config as Record<string, unknown>).clientSecret;
}

function sealedString(value: unknown): string {
  expect(value).toEqual({ sealed: expect.stringMatching(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/) });
  return (value as { sealed: string }).sealed;
}

async function createWithSecret() {
  const { policy } = await createPolicy(temp.ctx, admin, { name: "OAuth", rules: [clientCredentialsRule(SECRET)] });
  const rule = policy.rules[0];
  if (!rule) throw new Error("The policy was saved without its rule");
  return { policy, rule };
}

describe("client secrets of rules", () => {
  it("are stored sealed, and the plaintext is nowhere in the database file", async () => {
    const { rule } = await createWithSecret();

    const sealed = sealedString(await storedSecret(rule.id));
    const bytes = await temp.rawBytes();
    expect(bytes.includes(sealed)).toBe(true);
    expect(bytes.includes(SECRET)).toBe(false);
  });

  it("are shown as { set: true } by create, get and list", async () => {
    const { policy } = await createWithSecret();
    expect(policy.rules[0]?.config.clientSecret).toEqual({ set: true });

    const fetched = await getPolicyOrThrow(temp.ctx, admin, policy.id);
    expect(fetched.rules[0]?.config.clientSecret).toEqual({ set: true });

    const listed = JSON.stringify(await listPolicies(temp.ctx, admin));
    expect(listed).toContain(policy.id);
    expect(listed).not.toContain(SECRET);
    expect(listed).not.toContain("sealed");
    expect(JSON.stringify(fetched)).not.toContain(SECRET);
    expect(JSON.stringify(fetched)).not.toContain("sealed");
  });

  it("keep their sealed value when updated with { set: true }", async () => {
    const { policy, rule } = await createWithSecret();
    const before = sealedString(await storedSecret(rule.id));

    const { policy: updated } = await updatePolicy(temp.ctx, admin, policy.id, {
      name: "OAuth",
      version: 1,
      rules: [clientCredentialsRule({ set: true }, rule.id)],
    });

    expect(updated.rules[0]?.config.clientSecret).toEqual({ set: true });
    expect(sealedString(await storedSecret(rule.id))).toBe(before);
  });

  it("are sealed afresh when updated with a new value", async () => {
    const { policy, rule } = await createWithSecret();
    const before = sealedString(await storedSecret(rule.id));

    await updatePolicy(temp.ctx, admin, policy.id, { name: "OAuth", version: 1, rules: [clientCredentialsRule(NEW_SECRET, rule.id)] });

    const after = sealedString(await storedSecret(rule.id));
    expect(after).not.toBe(before);
    expect(openRuleSecret({ sealed: after }, "clientSecret", TEST_SEALING_KEY)).toBe(NEW_SECRET);
    expect((await temp.rawBytes()).includes(NEW_SECRET)).toBe(false);
  });

  it("refuse a sealed value as input, on a new rule and on a saved one", async () => {
    const created = await catalogErrorOf(
      createPolicy(temp.ctx, admin, { name: "Planted", rules: [clientCredentialsRule({ sealed: "v1.planted.by.client" })] }),
    );
    expect(created.code).toBe("validation_failed");
    expect(created.issues.map((issue) => issue.path)).toEqual(["rules.0.config.clientSecret"]);
    expect(await temp.ctx.db.policy.count()).toBe(0);

    const { policy, rule } = await createWithSecret();
    const before = sealedString(await storedSecret(rule.id));
    const updated = await catalogErrorOf(
      updatePolicy(temp.ctx, admin, policy.id, { name: "OAuth", version: 1, rules: [clientCredentialsRule({ sealed: before }, rule.id)] }),
    );
    expect(updated.code).toBe("validation_failed");
    expect(updated.issues.map((issue) => issue.path)).toEqual(["rules.0.config.clientSecret"]);
  });

  it("refuse { set: true } on a new rule, which has nothing to keep", async () => {
    const error = await catalogErrorOf(createPolicy(temp.ctx, admin, { name: "Empty", rules: [clientCredentialsRule({ set: true })] }));
    expect(error.code).toBe("validation_failed");
    expect(error.issues.map((issue) => issue.path)).toEqual(["rules.0.config.clientSecret"]);

    const { policy } = await createWithSecret();
    const added = await catalogErrorOf(
      updatePolicy(temp.ctx, admin, policy.id, {
        name: "OAuth",
        version: 1,
        rules: [clientCredentialsRule({ set: true }, policy.rules[0]?.id), clientCredentialsRule({ set: true })],
      }),
    );
    expect(added.code).toBe("validation_failed");
    expect(added.issues.map((issue) => issue.path)).toEqual(["rules.1.config.clientSecret"]);
  });

  it("open with the right key only", async () => {
    const { rule } = await createWithSecret();
    const stored = await storedSecret(rule.id);

    expect(openRuleSecret(stored, "clientSecret", TEST_SEALING_KEY)).toBe(SECRET);
    expect(() => openRuleSecret(stored, "clientSecret", Buffer.alloc(32, 8))).toThrow();
    expect(() => openRuleSecret(stored, "anotherField", TEST_SEALING_KEY)).toThrow();
    expect(openRuleSecret({ set: true }, "clientSecret", TEST_SEALING_KEY)).toBeUndefined();
  });
});
