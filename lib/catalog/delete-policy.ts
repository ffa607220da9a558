import { requireAdmin, type Actor } from "./actor";
import { announceChange } from "./change-events";
import type { CatalogContext } from "./context";
import { getPolicyRecordOrThrow } from "./get-policy-or-throw";

export async function deletePolicy(ctx: CatalogContext, actor: Actor | null, id: string): Promise<void> {
  requireAdmin(actor);
  await getPolicyRecordOrThrow(ctx, id);
  await ctx.db.policy.delete({ where: { id } });
  announceChange({ type: "policy", id });
}
