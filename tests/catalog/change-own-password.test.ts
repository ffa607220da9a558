import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/catalog/actor";
import { addUser } from "@/lib/catalog/add-user";
import { changeOwnPassword } from "@/lib/catalog/change-own-password";
import { signIn } from "@/lib/catalog/sign-in";
import { seedActor } from "../helpers/actors";
import { catalogErrorOf } from "../helpers/catalog-error";
import { createTempDatabase, type TempDatabase } from "../helpers/temp-database";

const NEW_PASSWORD = "a much better passphrase";

let temp: TempDatabase;
let admin: Actor;

beforeEach(async () => {
  temp = await createTempDatabase();
  admin = await seedActor(temp.ctx, "admin");
});

afterEach(() => temp.cleanup());

/** The sign-in limiter lives in memory for the whole process: every sign-in comes from its own address. */
function uniqueAddress(): string {
  return `2001:db8::${randomBytes(2).toString("hex")}:${randomBytes(2).toString("hex")}`;
}

/** A viewer added by the admin, signed in with the one-time initial password. */
async function newViewer(): Promise<{ actor: Actor; initialPassword: string }> {
  const { user, initialPassword } = await addUser(temp.ctx, admin, { email: `viewer-${randomBytes(4).toString("hex")}@example.com`, role: "viewer" });
  return { actor: await signIn(temp.ctx, user.email, initialPassword, uniqueAddress()), initialPassword };
}

describe("changeOwnPassword", () => {
  it("replaces the one-time initial password: the new one signs in, the old one no longer does", async () => {
    const { actor, initialPassword } = await newViewer();
    await changeOwnPassword(temp.ctx, actor, { currentPassword: initialPassword, newPassword: NEW_PASSWORD });

    expect(await signIn(temp.ctx, actor.email, NEW_PASSWORD, uniqueAddress())).toMatchObject({ userId: actor.userId, role: "viewer" });
    const refused = await catalogErrorOf(signIn(temp.ctx, actor.email, initialPassword, uniqueAddress()));
    expect(refused.code).toBe("unauthorized");
    const stored = await temp.ctx.db.user.findUniqueOrThrow({ where: { id: actor.userId } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored.passwordHash).not.toContain(NEW_PASSWORD);
  });

  it("refuses a wrong current password at its field, and changes nothing", async () => {
    const { actor, initialPassword } = await newViewer();
    const error = await catalogErrorOf(changeOwnPassword(temp.ctx, actor, { currentPassword: "not the password", newPassword: NEW_PASSWORD }));
    expect(error).toMatchObject({ code: "validation_failed", issues: [{ path: "currentPassword", message: "This is not your current password" }] });
    expect(await signIn(temp.ctx, actor.email, initialPassword, uniqueAddress())).toMatchObject({ userId: actor.userId });
  });

  it("says what is wrong with the new password: too short, or the same as the current one", async () => {
    const { actor, initialPassword } = await newViewer();
    const short = await catalogErrorOf(changeOwnPassword(temp.ctx, actor, { currentPassword: initialPassword, newPassword: "short" }));
    expect(short.issues).toEqual([{ path: "newPassword", message: "Use at least 12 characters" }]);
    const same = await catalogErrorOf(changeOwnPassword(temp.ctx, actor, { currentPassword: initialPassword, newPassword: initialPassword }));
    expect(same.issues).toEqual([{ path: "newPassword", message: "Choose a password different from the current one" }]);
  });

  it("stops guessing through an open session after five wrong current passwords", async () => {
    const { actor, initialPassword } = await newViewer();
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await catalogErrorOf(changeOwnPassword(temp.ctx, actor, { currentPassword: `guess ${attempt}`, newPassword: NEW_PASSWORD }))).code).toBe("validation_failed");
    }
    const blocked = await catalogErrorOf(changeOwnPassword(temp.ctx, actor, { currentPassword: initialPassword, newPassword: NEW_PASSWORD }));
    expect(blocked.code).toBe("rate_limited");
    expect(blocked.retryAfterSeconds).toBeGreaterThan(0);
    // Even the right password is refused while blocked: the password did not change.
    expect(await signIn(temp.ctx, actor.email, initialPassword, uniqueAddress())).toMatchObject({ userId: actor.userId });
  });

  it("is for console sessions only: neither an API token nor someone signed out can change a password", async () => {
    const { actor, initialPassword } = await newViewer();
    const viaToken = await catalogErrorOf(changeOwnPassword(temp.ctx, { ...actor, via: "api-token" }, { currentPassword: initialPassword, newPassword: NEW_PASSWORD }));
    expect(viaToken.code).toBe("forbidden");
    expect((await catalogErrorOf(changeOwnPassword(temp.ctx, null, { currentPassword: initialPassword, newPassword: NEW_PASSWORD }))).code).toBe("unauthorized");
    expect(await signIn(temp.ctx, actor.email, initialPassword, uniqueAddress())).toMatchObject({ userId: actor.userId });
  });
});
