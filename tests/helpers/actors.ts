import { randomUUID } from "node:crypto";
import type { Actor, ConsoleRole } from "@/lib/catalog/actor";
import type { CatalogContext } from "@/lib/catalog/context";

/**
 * A console user stored directly, for tests that need someone to act as but do not sign in
 * (an argon2id hash per user would only slow them down).
 */
export async function seedActor(ctx: CatalogContext, role: ConsoleRole, email = `${role}-${randomUUID()}@example.com`): Promise<Actor> {
  const user = await ctx.db.user.create({ data: { email, role, passwordHash: "not-a-password-hash" } });
  return { userId: user.id, email: user.email, role, via: "session" };
}
