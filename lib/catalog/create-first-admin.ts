import { hashPassword } from "../crypto/password";
import type { CatalogContext } from "./context";
import { CatalogError, parseOrThrow } from "./errors";
import { firstAdminInput } from "./user-schema";
import { toUserView, type UserView } from "./user-view";

/**
 * The one-time set-up: creates the first admin while no user exists. Afterwards it is
 * refused, so the set-up page cannot be used to take over an installation.
 */
export async function createFirstAdmin(ctx: CatalogContext, input: unknown): Promise<UserView> {
  const parsed = parseOrThrow(firstAdminInput, input);
  const passwordHash = await hashPassword(parsed.password);
  const user = await ctx.db.$transaction(async (tx) => {
    if ((await tx.user.count()) > 0) throw new CatalogError("setup_complete", "Gatehouse already has an admin; sign in instead");
    return tx.user.create({ data: { email: parsed.email, name: parsed.name, passwordHash, role: "admin" } });
  });
  return toUserView(user);
}

export async function needsFirstAdmin(ctx: CatalogContext): Promise<boolean> {
  return (await ctx.db.user.count()) === 0;
}
