import { requireAdmin, type Actor } from "./actor";
import { announceChange } from "./change-events";
import type { CatalogContext } from "./context";
import { CatalogError, parseOrThrow } from "./errors";
import { getServiceRecordOrThrow } from "./get-service-or-throw";
import { isUniqueViolation } from "./policy-name";
import { assertNameFree, explainUniqueViolation, resolveSlug } from "./registration-identity";
import { assertPolicyExists } from "./service-policy";
import { serviceUpdateInput } from "./service-schema";
import { toServiceView, WITH_POLICY_NAME, type ServiceRecord, type ServiceView } from "./service-view";

function staleVersion(current: ServiceRecord): CatalogError {
  return new CatalogError(
    "conflict",
    `This API service was changed by ${current.updatedBy} at ${current.updatedAt.toISOString()} (version ${current.version}); reload to see their changes, then make yours again`,
  );
}

/**
 * Saves a new version of an API service registration. The caller sends the version it edited;
 * when someone saved in between, the save is refused (409). A slug left out is kept: changing
 * it moves the gateway URL that clients call.
 */
export async function updateService(ctx: CatalogContext, actor: Actor | null, id: string, input: unknown): Promise<ServiceView> {
  const admin = requireAdmin(actor);
  const parsed = parseOrThrow(serviceUpdateInput, input);
  const current = await getServiceRecordOrThrow(ctx, id);
  if (current.version !== parsed.version) throw staleVersion(current);

  let slug = parsed.slug ?? current.slug;
  try {
    const record = await ctx.db.$transaction(async (tx) => {
      await assertNameFree(tx, "service", parsed.name, id);
      slug = await resolveSlug(tx, "service", parsed.slug, parsed.name, current);
      if (parsed.policyId) await assertPolicyExists(tx, parsed.policyId);
      // The version in the WHERE clause closes the race between the check above and this write.
      const updated = await tx.apiService.updateMany({
        where: { id, version: parsed.version },
        data: {
          name: parsed.name,
          slug,
          description: parsed.description,
          upstreamBaseUrl: parsed.upstreamBaseUrl,
          policyId: parsed.policyId,
          enabled: parsed.enabled,
          timeoutSeconds: parsed.timeoutSeconds,
          updatedBy: admin.email,
          version: { increment: 1 },
        },
      });
      if (updated.count === 0) throw staleVersion(await getServiceRecordOrThrow({ ...ctx, db: tx as never }, id));
      return tx.apiService.findUniqueOrThrow({ where: { id }, include: WITH_POLICY_NAME });
    });
    await announceChange(ctx.db, { type: "service", id });
    return toServiceView(record);
  } catch (error) {
    if (isUniqueViolation(error)) throw await explainUniqueViolation(ctx.db, "service", { name: parsed.name, slug }, id);
    throw error;
  }
}
