import { randomBytes } from "node:crypto";
import { hashPassword } from "../crypto/password";
import { requireAdmin, type Actor } from "./actor";
import type { CatalogContext } from "./context";
import { CatalogError, parseOrThrow } from "./errors";
import { addUserInput } from "./user-schema";
import { toUserView, type UserView } from "./user-view";

/**
 * Adds a console user with a one-time initial password that the admin hands over; it is
 * shown once and stored only as an argon2id hash.
 */
export async function addUser(ctx: CatalogContext, actor: Actor | null, input: unknown): Promise<{ user: UserView; initialPassword: string }> {
  requireAdmin(actor);
  const parsed = parseOrThrow(addUserInput, input);
  if (await ctx.db.user.findUnique({ where: { email: parsed.email } })) {
    throw new CatalogError("name_taken", `${parsed.email} already has an account`, {
      issues: [{ path: "email", message: "This email already has an account" }],
    });
  }
  const initialPassword = randomBytes(12).toString("base64url");
  const user = await ctx.db.user.create({
    data: { email: parsed.email, name: parsed.name, role: parsed.role, passwordHash: await hashPassword(initialPassword) },
  });
  return { user: toUserView(user), initialPassword };
}
