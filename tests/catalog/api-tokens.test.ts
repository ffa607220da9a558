import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/catalog/actor";
import { authenticateApiToken, createApiToken, listApiTokens, revokeApiToken } from "@/lib/catalog/api-tokens";
import { changeUserRole } from "@/lib/catalog/change-user-role";
import type { CatalogContext } from "@/lib/catalog/context";
import { removeUser } from "@/lib/catalog/remove-user";
import { catalogErrorOf } from "../helpers/catalog-error";
import { seedActor } from "../helpers/actors";
import { createTempDatabase, type TempDatabase } from "../helpers/temp-database";

const DAY = 86_400_000;
const sha256 = (value: string) => createHash("sha256").update(value, "utf8").digest("hex");

let temp: TempDatabase;
let clock: { now: Date };
let ctx: CatalogContext;
let admin: Actor;

beforeEach(async () => {
  temp = await createTempDatabase();
  clock = { now: new Date("2030-01-01T00:00:00.000Z") };
  ctx = { ...temp.ctx, now: () => clock.now };
  admin = await seedActor(ctx, "admin", "automation-owner@example.com");
});

afterEach(() => temp.cleanup());

describe("API tokens", () => {
  it("are shown once at creation and stored only as a hash", async () => {
    const { token, secret } = await createApiToken(ctx, admin, { name: "  Deploy bot  " });

    expect(secret).toMatch(/^ght_[\w-]{43}$/);
    expect(token).toMatchObject({
      name: "Deploy bot",
      role: "admin",
      prefix: secret.slice(0, "ght_".length + 6),
      createdBy: admin.email,
      expiresAt: new Date(clock.now.getTime() + 90 * DAY).toISOString(),
      revokedAt: null,
    });
    expect(JSON.stringify(token)).not.toContain(secret);

    const stored = await ctx.db.apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(stored.hash).toBe(sha256(secret));
    const bytes = await temp.rawBytes();
    expect(bytes.includes(sha256(secret))).toBe(true);
    expect(bytes.includes(secret)).toBe(false);

    expect(JSON.stringify(await listApiTokens(ctx, admin))).not.toContain(stored.hash);
  });

  it("authenticate as their creator, with their own role, and record their use", async () => {
    const { token, secret } = await createApiToken(ctx, admin, { name: "Read-only dashboard", role: "viewer" });

    expect(await authenticateApiToken(ctx, secret)).toEqual({ userId: admin.userId, email: admin.email, role: "viewer", via: "api-token" });
    expect((await ctx.db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt).toEqual(clock.now);

    const { secret: adminSecret } = await createApiToken(ctx, admin, { name: "Deploy bot", role: "admin" });
    expect((await authenticateApiToken(ctx, adminSecret))?.role).toBe("admin");
  });

  it("do not authenticate unknown or malformed secrets", async () => {
    const { secret } = await createApiToken(ctx, admin, { name: "Deploy bot" });

    expect(await authenticateApiToken(ctx, `${secret.slice(0, -1)}${secret.endsWith("A") ? "B" : "A"}`)).toBeNull();
    expect(await authenticateApiToken(ctx, secret.replace(/^ght_/, "ghk_"))).toBeNull();
    expect(await authenticateApiToken(ctx, "")).toBeNull();
  });

  it("stop working when revoked, for good", async () => {
    const { token, secret } = await createApiToken(ctx, admin, { name: "Deploy bot" });
    clock.now = new Date("2030-01-02T00:00:00.000Z");

    await revokeApiToken(ctx, admin, token.id);
    expect(await authenticateApiToken(ctx, secret)).toBeNull();

    clock.now = new Date("2030-01-03T00:00:00.000Z");
    await revokeApiToken(ctx, admin, token.id);
    const [listed] = await listApiTokens(ctx, admin);
    expect(listed?.revokedAt).toBe("2030-01-02T00:00:00.000Z");
  });

  it("stop working when they expire", async () => {
    const created = clock.now.getTime();
    const { secret } = await createApiToken(ctx, admin, { name: "Short-lived", expiresInDays: 1 });

    clock.now = new Date(created + DAY - 1);
    expect(await authenticateApiToken(ctx, secret)).not.toBeNull();
    clock.now = new Date(created + DAY);
    expect(await authenticateApiToken(ctx, secret)).toBeNull();
  });

  it("never expire when created without an expiration", async () => {
    const { token, secret } = await createApiToken(ctx, admin, { name: "Forever", expiresInDays: null });

    expect(token.expiresAt).toBeNull();
    clock.now = new Date("2099-01-01T00:00:00.000Z");
    expect(await authenticateApiToken(ctx, secret)).not.toBeNull();
  });

  it("act as viewer once their creator is demoted to viewer", async () => {
    const otherAdmin = await seedActor(ctx, "admin");
    const { secret } = await createApiToken(ctx, admin, { name: "Deploy bot", role: "admin" });

    await changeUserRole(ctx, otherAdmin, admin.userId, { role: "viewer" });
    expect((await authenticateApiToken(ctx, secret))?.role).toBe("viewer");

    await changeUserRole(ctx, otherAdmin, admin.userId, { role: "admin" });
    expect((await authenticateApiToken(ctx, secret))?.role).toBe("admin");
  });

  it("stop working when their creator is removed", async () => {
    const otherAdmin = await seedActor(ctx, "admin");
    const { secret } = await createApiToken(ctx, admin, { name: "Deploy bot" });

    await removeUser(ctx, otherAdmin, admin.userId);
    expect(await authenticateApiToken(ctx, secret)).toBeNull();
    expect(await ctx.db.apiToken.count()).toBe(0);
  });

  it("are created and revoked by admins only, and validated", async () => {
    const viewer = await seedActor(ctx, "viewer");
    const { token } = await createApiToken(ctx, admin, { name: "Deploy bot" });

    expect((await catalogErrorOf(createApiToken(ctx, viewer, { name: "Mine" }))).code).toBe("forbidden");
    expect((await catalogErrorOf(createApiToken(ctx, null, { name: "Mine" }))).code).toBe("unauthorized");
    expect((await catalogErrorOf(revokeApiToken(ctx, viewer, token.id))).code).toBe("forbidden");
    expect((await catalogErrorOf(revokeApiToken(ctx, admin, "no-such-token"))).code).toBe("not_found");

    const invalid = await catalogErrorOf(createApiToken(ctx, admin, { name: "", expiresInDays: 0 }));
    expect(invalid.code).toBe("validation_failed");
    expect(invalid.issues.map((issue) => issue.path).sort()).toEqual(["expiresInDays", "name"]);
    expect(await ctx.db.apiToken.count()).toBe(1);
  });
});
