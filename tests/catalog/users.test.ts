import { randomBytes, randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/catalog/actor";
import { addUser } from "@/lib/catalog/add-user";
import { changeUserRole } from "@/lib/catalog/change-user-role";
import { createFirstAdmin, needsFirstAdmin } from "@/lib/catalog/create-first-admin";
import { listUsers } from "@/lib/catalog/list-users";
import { removeUser } from "@/lib/catalog/remove-user";
import { signIn } from "@/lib/catalog/sign-in";
import { catalogErrorOf } from "../helpers/catalog-error";
import { seedActor } from "../helpers/actors";
import { createTempDatabase, type TempDatabase } from "../helpers/temp-database";

const ADMIN_PASSWORD = "correct horse battery staple";

let temp: TempDatabase;

beforeEach(async () => {
  temp = await createTempDatabase();
});

afterEach(() => temp.cleanup());

/** The sign-in limiter lives in memory for the whole process: every test signs in from its own address. */
function uniqueAddress(): string {
  return `2001:db8::${randomBytes(2).toString("hex")}:${randomBytes(2).toString("hex")}`;
}

async function firstAdmin(): Promise<Actor> {
  const email = `root-${randomUUID()}@example.com`;
  await createFirstAdmin(temp.ctx, { email, password: ADMIN_PASSWORD });
  return signIn(temp.ctx, email, ADMIN_PASSWORD, uniqueAddress());
}

describe("createFirstAdmin", () => {
  it("creates an admin while there is no user, and refuses afterwards", async () => {
    expect(await needsFirstAdmin(temp.ctx)).toBe(true);

    const admin = await createFirstAdmin(temp.ctx, { email: " Owner@Example.com ", name: "Owner", password: ADMIN_PASSWORD });
    expect(admin).toMatchObject({ email: "owner@example.com", name: "Owner", role: "admin", lastLoginAt: null });
    expect(await needsFirstAdmin(temp.ctx)).toBe(false);

    const error = await catalogErrorOf(createFirstAdmin(temp.ctx, { email: "intruder@example.com", password: ADMIN_PASSWORD }));
    expect(error.code).toBe("setup_complete");
    expect(error.status).toBe(409);
    const owner = await signIn(temp.ctx, "owner@example.com", ADMIN_PASSWORD, uniqueAddress());
    expect((await listUsers(temp.ctx, owner)).map((user) => user.email)).toEqual(["owner@example.com"]);
  });

  it("refuses a short password", async () => {
    const error = await catalogErrorOf(createFirstAdmin(temp.ctx, { email: "owner@example.com", password: "short" }));
    expect(error.code).toBe("validation_failed");
    expect(error.issues.map((issue) => issue.path)).toEqual(["password"]);
    expect(await needsFirstAdmin(temp.ctx)).toBe(true);
  });
});

describe("addUser", () => {
  it("returns a one-time password that signs in, and stores only its argon2id hash", async () => {
    const admin = await firstAdmin();

    const { user, initialPassword } = await addUser(temp.ctx, admin, { email: "Viewer@Example.com", name: "Vera", role: "viewer" });
    expect(user).toMatchObject({ email: "viewer@example.com", name: "Vera", role: "viewer" });
    expect(initialPassword.length).toBeGreaterThanOrEqual(16);

    const stored = await temp.ctx.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.passwordHash.startsWith("$argon2id$")).toBe(true);
    expect(stored.passwordHash).not.toContain(initialPassword);
    expect(JSON.stringify(user)).not.toContain("$argon2id$");

    const actor = await signIn(temp.ctx, "VIEWER@example.com", initialPassword, uniqueAddress());
    expect(actor).toEqual({ userId: user.id, email: "viewer@example.com", role: "viewer", via: "session" });
    expect((await temp.ctx.db.user.findUniqueOrThrow({ where: { id: user.id } })).lastLoginAt).not.toBeNull();
  });

  it("refuses an email that already has an account, and refuses viewers", async () => {
    const admin = await firstAdmin();
    const { user } = await addUser(temp.ctx, admin, { email: "vera@example.com", role: "viewer" });

    const taken = await catalogErrorOf(addUser(temp.ctx, admin, { email: "VERA@example.com", role: "admin" }));
    expect(taken.code).toBe("name_taken");
    expect(taken.issues.map((issue) => issue.path)).toEqual(["email"]);

    const viewer: Actor = { userId: user.id, email: user.email, role: "viewer", via: "session" };
    expect((await catalogErrorOf(addUser(temp.ctx, viewer, { email: "new@example.com", role: "admin" }))).code).toBe("forbidden");
    expect(await temp.ctx.db.user.count()).toBe(2);
  });
});

describe("changeUserRole", () => {
  it("promotes and demotes another user", async () => {
    const admin = await firstAdmin();
    const other = await seedActor(temp.ctx, "viewer");

    expect((await changeUserRole(temp.ctx, admin, other.userId, { role: "admin" })).role).toBe("admin");
    expect((await changeUserRole(temp.ctx, admin, other.userId, { role: "viewer" })).role).toBe("viewer");
    expect((await temp.ctx.db.user.findUniqueOrThrow({ where: { id: other.userId } })).role).toBe("viewer");
  });

  it("refuses to take away the caller's own admin role", async () => {
    const admin = await firstAdmin();
    await seedActor(temp.ctx, "admin");

    const error = await catalogErrorOf(changeUserRole(temp.ctx, admin, admin.userId, { role: "viewer" }));
    expect(error.code).toBe("forbidden");
    expect(error.message).toContain("your own");
    expect((await temp.ctx.db.user.findUniqueOrThrow({ where: { id: admin.userId } })).role).toBe("admin");
  });

  it("refuses to demote the last admin", async () => {
    const alice = await seedActor(temp.ctx, "admin");
    const bob = await seedActor(temp.ctx, "admin");
    await changeUserRole(temp.ctx, alice, bob.userId, { role: "viewer" });

    // Bob's session still says admin; the database says Alice is the only admin left.
    const error = await catalogErrorOf(changeUserRole(temp.ctx, bob, alice.userId, { role: "viewer" }));
    expect(error.code).toBe("forbidden");
    expect(error.message).toContain("at least one admin");
    expect((await temp.ctx.db.user.findUniqueOrThrow({ where: { id: alice.userId } })).role).toBe("admin");
  });

  it("reports an unknown user and an unknown role", async () => {
    const admin = await firstAdmin();
    const other = await seedActor(temp.ctx, "viewer");

    expect((await catalogErrorOf(changeUserRole(temp.ctx, admin, "no-such-user", { role: "admin" }))).code).toBe("not_found");
    const invalid = await catalogErrorOf(changeUserRole(temp.ctx, admin, other.userId, { role: "owner" }));
    expect(invalid.code).toBe("validation_failed");
    expect(invalid.issues.map((issue) => issue.path)).toEqual(["role"]);
  });
});

describe("removeUser", () => {
  it("removes another user", async () => {
    const admin = await firstAdmin();
    const other = await seedActor(temp.ctx, "viewer");

    await removeUser(temp.ctx, admin, other.userId);
    expect(await temp.ctx.db.user.findUnique({ where: { id: other.userId } })).toBeNull();
  });

  it("refuses to remove the caller's own account", async () => {
    const admin = await firstAdmin();
    await seedActor(temp.ctx, "admin");

    const error = await catalogErrorOf(removeUser(temp.ctx, admin, admin.userId));
    expect(error.code).toBe("forbidden");
    expect(await temp.ctx.db.user.findUnique({ where: { id: admin.userId } })).not.toBeNull();
  });

  it("refuses to remove the last admin, and reports an unknown user", async () => {
    const alice = await seedActor(temp.ctx, "admin");
    const bob = await seedActor(temp.ctx, "admin");
    await changeUserRole(temp.ctx, alice, bob.userId, { role: "viewer" });

    const error = await catalogErrorOf(removeUser(temp.ctx, bob, alice.userId));
    expect(error.code).toBe("forbidden");
    expect(await temp.ctx.db.user.findUnique({ where: { id: alice.userId } })).not.toBeNull();
    expect((await catalogErrorOf(removeUser(temp.ctx, alice, "no-such-user"))).code).toBe("not_found");
  });
});

describe("signIn", () => {
  it("refuses a wrong password and an unknown email alike", async () => {
    const admin = await firstAdmin();
    const address = uniqueAddress();

    const wrong = await catalogErrorOf(signIn(temp.ctx, admin.email, "not the password at all", address));
    expect(wrong.code).toBe("unauthorized");
    expect(wrong.status).toBe(401);

    const unknown = await catalogErrorOf(signIn(temp.ctx, `nobody-${randomUUID()}@example.com`, ADMIN_PASSWORD, address));
    expect(unknown.code).toBe("unauthorized");
    expect(unknown.message).toBe(wrong.message);
  });

  it("blocks an email and address after 5 failures, even with the right password", async () => {
    const admin = await firstAdmin();
    const address = uniqueAddress();

    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await catalogErrorOf(signIn(temp.ctx, admin.email, `guess ${attempt} is wrong`, address))).code).toBe("unauthorized");
    }

    const blocked = await catalogErrorOf(signIn(temp.ctx, admin.email, ADMIN_PASSWORD, address));
    expect(blocked.code).toBe("rate_limited");
    expect(blocked.status).toBe(429);
    expect(blocked.retryAfterSeconds).toBeGreaterThan(0);
    expect(blocked.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);

    expect(await signIn(temp.ctx, admin.email, ADMIN_PASSWORD, uniqueAddress())).toMatchObject({ userId: admin.userId });
  });

  it("forgets earlier failures after a successful sign-in", async () => {
    const admin = await firstAdmin();
    const address = uniqueAddress();

    for (let attempt = 0; attempt < 4; attempt++) {
      await catalogErrorOf(signIn(temp.ctx, admin.email, `guess ${attempt} is wrong`, address));
    }
    await signIn(temp.ctx, admin.email, ADMIN_PASSWORD, address);
    await catalogErrorOf(signIn(temp.ctx, admin.email, "one more wrong guess", address));

    expect(await signIn(temp.ctx, admin.email, ADMIN_PASSWORD, address)).toMatchObject({ userId: admin.userId });
  });
});
