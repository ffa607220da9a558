import { requireAdmin, type Actor } from "./actor";
import { announceChange } from "./change-events";
import type { CatalogContext } from "./context";
import { parseOrThrow } from "./errors";
import { isUniqueViolation } from "./policy-name";
import { assertNameFree, explainUniqueViolation, resolveSlug } from "./registration-identity";
import { assertPolicyExists } from "./service-policy";
import { serviceInput } from "./service-schema";
import { toServiceView, WITH_POLICY_NAME, type ServiceView } from "./service-view";

/** Registers an API service behind the gateway at /apis/<slug>/. */
export async function createService(ctx: CatalogContext, actor: Actor | null, input: unknown): Promise<ServiceView> {
  const admin = requireAdmin(actor);
  const parsed = parseOrThrow(serviceInput, input);
  let slug = parsed.slug ?? "";
  try {
    const record = await ctx.db.$transaction(async (tx) => {
      await assertNameFree(tx, "service", parsed.name);
      slug = await resolveSlug(tx, "service", parsed.slug, parsed.name);
      if (parsed.policyId) await assertPolicyExists(tx, parsed.policyId);
      return tx.apiService.create({
        data: {
          name: parsed.name,
          slug,
          description: parsed.description,
          upstreamBaseUrl: parsed.upstreamBaseUrl,
          policyId: parsed.policyId,
          enabled: parsed.enabled,
          timeoutSeconds: parsed.timeoutSeconds,
          updatedBy: admin.email,
        },
        include: WITH_POLICY_NAME,
      });
    });
    await announceChange(ctx.db, { type: "service", id: record.id });
    return toServiceView(record);
  } catch (error) {
    if (isUniqueViolation(error)) throw await explainUniqueViolation(ctx.db, "service", { name: parsed.name, slug });
    throw error;
  }
}
