import { requireActor, type Actor } from "./actor";
import type { CatalogContext } from "./context";
import { CatalogError } from "./errors";
import { toServiceView, WITH_POLICY_NAME, type ServiceRecord, type ServiceView } from "./service-view";

export async function getServiceRecordOrThrow(ctx: CatalogContext, id: string): Promise<ServiceRecord> {
  const record = await ctx.db.apiService.findUnique({ where: { id }, include: WITH_POLICY_NAME });
  if (!record) throw new CatalogError("not_found", "This API service does not exist (any more)");
  return record;
}

export async function getServiceOrThrow(ctx: CatalogContext, actor: Actor | null, id: string): Promise<ServiceView> {
  requireActor(actor);
  return toServiceView(await getServiceRecordOrThrow(ctx, id));
}
