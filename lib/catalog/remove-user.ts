import { requireAdmin, type Actor } from "./actor";
import type { CatalogContext } from "./context";
import { CatalogError } from "./errors";

export async function removeUser(ctx: CatalogContext, actor: Actor | null, userId: string): Promise<void> {
  const admin = requireAdmin(actor);
  if (userId === admin.userId) throw new CatalogError("forbidden", "You cannot remove your own account");
  await ctx.db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw new CatalogError("not_found", "This user does not exist (any more)");
    if (user.role === "admin" && (await tx.user.count({ where: { role: "admin" } })) <= 1) {
      throw new CatalogError("forbidden", "Gatehouse needs at least one admin");
    }
    await tx.user.delete({ where: { id: userId } });
  });
}
