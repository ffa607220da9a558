import { requireActor, type Actor } from "./actor";
import type { CatalogContext } from "./context";
import { CatalogError } from "./errors";
import { toPolicyView, WITH_ORDERED_RULES, type PolicyRecord, type PolicyView } from "./policy-view";

export async function getPolicyRecordOrThrow(ctx: CatalogContext, id: string): Promise<PolicyRecord> {
  const record = await ctx.db.policy.findUnique({ where: { id }, include: WITH_ORDERED_RULES });
  if (!record) throw new CatalogError("not_found", "This policy does not exist (any more)");
  return record;
}

export async function getPolicyOrThrow(ctx: CatalogContext, actor: Actor | null, id: string): Promise<PolicyView> {
  requireActor(actor);
  return toPolicyView(await getPolicyRecordOrThrow(ctx, id));
}
