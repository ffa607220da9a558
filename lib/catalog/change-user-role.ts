import { requireAdmin, type Actor } from "./actor";
import type { CatalogContext } from "./context";
import { CatalogError, parseOrThrow } from "./errors";
import { changeRoleInput } from "./user-schema";
import { toUserView, type UserView } from "./user-view";

export async function changeUserRole(ctx: CatalogContext, actor: Actor | null, userId: string, input: unknown): Promise<UserView> {
  const admin = requireAdmin(actor);
  const { role } = parseOrThrow(changeRoleInput, input);
  return ctx.db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw new CatalogError("not_found", "This user does not exist (any more)");
    if (user.role === "admin" && role !== "admin") {
      if (user.id === admin.userId) throw new CatalogError("forbidden", "You cannot take away your own admin role");
      if ((await tx.user.count({ where: { role: "admin" } })) <= 1) throw new CatalogError("forbidden", "Gatehouse needs at least one admin");
    }
    return toUserView(await tx.user.update({ where: { id: userId }, data: { role } }));
  });
}
