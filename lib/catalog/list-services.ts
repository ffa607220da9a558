import { requireActor, type Actor } from "./actor";
import type { CatalogContext } from "./context";
import { toServiceView, WITH_POLICY_NAME, type ServiceView } from "./service-view";

/** Every API service, by name; `query` matches the name, slug, description or upstream base URL. */
export async function listServices(ctx: CatalogContext, actor: Actor | null, query = ""): Promise<ServiceView[]> {
  requireActor(actor);
  const services = await ctx.db.apiService.findMany({ orderBy: { name: "asc" }, include: WITH_POLICY_NAME });
  const needle = query.trim().toLowerCase();
  return services
    .filter((service) => needle === "" || [service.name, service.slug, service.description, service.upstreamBaseUrl].some((text) => text.toLowerCase().includes(needle)))
    .map(toServiceView);
}
