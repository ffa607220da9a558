import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/catalog/actor";
import { createPolicy } from "@/lib/catalog/create-policy";
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

describe("createPolicy", () => {
  it("stores the rules in the order they were sent and returns them with new ids", async () => {
    const { policy, issuedKeys } = await createPolicy(temp.ctx, admin, {
      name: "  Internal tools  ",
      description: "For the staff",
      rules: [anonymousRule(["guest"]), roleRule(["guest"]), { kind: "request-size-limit", config: {} }],
    });

    expect(policy).toMatchObject({ name: "Internal tools", description: "For the staff", version: 1, updatedBy: admin.email });
    expect(policy.rules.map((rule) => rule.kind)).toEqual(["anonymous-authenticator", "authorize-by-role", "request-size-limit"]);
    expect(new Set(policy.rules.map((rule) => rule.id)).size).toBe(3);
    expect(policy.rules[0]?.config).toEqual({ roles: ["guest"] });
    expect(issuedKeys).toEqual([]);

    const stored = await temp.ctx.db.rule.findMany({ where: { policyId: policy.id }, orderBy: { position: "asc" } });
    expect(stored.map((rule) => [rule.id, rule.position])).toEqual(policy.rules.map((rule, index) => [rule.id, index]));
    expect(await getPolicyOrThrow(temp.ctx, admin, policy.id)).toEqual(policy);
  });

  it("applies the rule defaults (enabled, condition) when they are left out", async () => {
    const { policy } = await createPolicy(temp.ctx, admin, { name: "Defaults", rules: [anonymousRule()] });
    expect(policy.rules[0]).toMatchObject({ enabled: true, condition: "true", description: "" });
  });

  it("refuses a name that is already taken", async () => {
    await createPolicy(temp.ctx, admin, { name: "Partner API", rules: [] });

    const error = await catalogErrorOf(createPolicy(temp.ctx, admin, { name: "Partner API", rules: [] }));
    expect(error.code).toBe("name_taken");
    expect(error.status).toBe(409);
    expect(error.issues.map((issue) => issue.path)).toEqual(["name"]);
  });

  it("refuses a name that differs from a taken one only in case", async () => {
    await createPolicy(temp.ctx, admin, { name: "Partner API", rules: [] });

    const error = await catalogErrorOf(createPolicy(temp.ctx, admin, { name: "PARTNER api", rules: [] }));
    expect(error.code).toBe("name_taken");
    expect(error.issues.map((issue) => issue.path)).toEqual(["name"]);
    expect(await temp.ctx.db.policy.count()).toBe(1);
  });

  it("reports invalid input as validation_failed with dotted paths, and stores nothing", async () => {
    const error = await catalogErrorOf(
      createPolicy(temp.ctx, admin, { name: "   ", rules: [anonymousRule(), roleRule(["has space"])] }),
    );

    expect(error.code).toBe("validation_failed");
    expect(error.status).toBe(422);
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(["name", "rules.1.config.roles.0.role"]);
    expect(error.issues.find((issue) => issue.path === "rules.1.config.roles.0.role")?.message).toContain("not a valid role");
    expect(await temp.ctx.db.policy.count()).toBe(0);
  });

  it("reports an invalid CEL condition and an unknown rule kind at their paths", async () => {
    const error = await catalogErrorOf(
      createPolicy(temp.ctx, admin, {
        name: "Broken",
        rules: [{ ...anonymousRule(), condition: "request.method ==" }, { kind: "teleporter", config: {} }],
      }),
    );

    expect(error.code).toBe("validation_failed");
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(["rules.0.condition", "rules.1.kind"]);
  });

  it("refuses a viewer", async () => {
    const viewer = await seedActor(temp.ctx, "viewer");

    const error = await catalogErrorOf(createPolicy(temp.ctx, viewer, { name: "Sneaky", rules: [] }));
    expect(error.code).toBe("forbidden");
    expect(error.status).toBe(403);
    expect(await temp.ctx.db.policy.count()).toBe(0);
  });

  it("refuses a caller who is not signed in", async () => {
    const error = await catalogErrorOf(createPolicy(temp.ctx, null, { name: "Anonymous", rules: [] }));
    expect(error.code).toBe("unauthorized");
    expect(error.status).toBe(401);
    expect(await temp.ctx.db.policy.count()).toBe(0);
  });
});
