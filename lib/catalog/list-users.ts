import { requireActor, type Actor } from "./actor";
import type { CatalogContext } from "./context";
import { toUserView, type UserView } from "./user-view";

export async function listUsers(ctx: CatalogContext, actor: Actor | null): Promise<UserView[]> {
  requireActor(actor);
  const users = await ctx.db.user.findMany({ orderBy: { email: "asc" } });
  return users.map(toUserView);
}
