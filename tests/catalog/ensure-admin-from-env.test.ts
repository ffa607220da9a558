import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensureAdminFromEnv } from "@/lib/catalog/ensure-admin-from-env";
import { createTempDatabase, type TempDatabase } from "../helpers/temp-database";

const ENV = { GATEHOUSE_ADMIN_EMAIL: "ops@example.com", GATEHOUSE_ADMIN_PASSWORD: "correct horse battery staple" };

let temp: TempDatabase;

beforeEach(async () => {
  temp = await createTempDatabase();
});

afterEach(() => temp.cleanup());

describe("ensureAdminFromEnv", () => {
  it("creates the first admin from the environment once, and does nothing afterwards", async () => {
    expect(await ensureAdminFromEnv(temp.ctx, ENV)).toBe("ops@example.com");
    expect(await ensureAdminFromEnv(temp.ctx, ENV)).toBeNull();
    expect(await temp.ctx.db.user.findMany({ select: { email: true, role: true } })).toEqual([{ email: "ops@example.com", role: "admin" }]);
  });

  it("does nothing without both variables", async () => {
    expect(await ensureAdminFromEnv(temp.ctx, { GATEHOUSE_ADMIN_EMAIL: "ops@example.com", GATEHOUSE_ADMIN_PASSWORD: undefined })).toBeNull();
    expect(await temp.ctx.db.user.count()).toBe(0);
  });

  it("lets instances that start together on one database race for it: one creates the admin, none fails", async () => {
    const results = await Promise.all([ensureAdminFromEnv(temp.ctx, ENV), ensureAdminFromEnv(temp.ctx, ENV), ensureAdminFromEnv(temp.ctx, ENV)]);
    expect(results.filter((result) => result === "ops@example.com")).toHaveLength(1);
    expect(results.filter((result) => result === null)).toHaveLength(2);
    expect(await temp.ctx.db.user.count()).toBe(1);
  });
});
