import { requireAdmin, type Actor } from "./actor";
import { announceChange } from "./change-events";
import type { CatalogContext } from "./context";
import { CatalogError, parseOrThrow } from "./errors";
import { getServerRecordOrThrow } from "./get-server-or-throw";
import { isUniqueViolation } from "./policy-name";
import { assertNameFree, explainUniqueViolation, resolveSlug } from "./registration-identity";
import { assertPolicyAttachable } from "./server-policy";
import { serverUpdateInput } from "./server-schema";
import { toServerView, WITH_POLICY, type ServerRecord, type ServerView } from "./server-view";

function staleVersion(current: ServerRecord): CatalogError {
  return new CatalogError(
    "conflict",
    `This MCP server was changed by ${current.updatedBy} at ${current.updatedAt.toISOString()} (version ${current.version}); reload to see their changes, then make yours again`,
  );
}

/**
 * Saves a new version of a server registration. The caller sends the version it edited; when
 * someone saved in between, the save is refused (409) instead of silently overwriting theirs.
 * A slug left out is kept: changing it moves the gateway URL that clients are configured with.
 */
export async function updateServer(ctx: CatalogContext, actor: Actor | null, id: string, input: unknown): Promise<ServerView> {
  const admin = requireAdmin(actor);
  const parsed = parseOrThrow(serverUpdateInput, input);
  const current = await getServerRecordOrThrow(ctx, id);
  if (current.version !== parsed.version) throw staleVersion(current);

  let slug = parsed.slug ?? current.slug;
  try {
    const record = await ctx.db.$transaction(async (tx) => {
      await assertNameFree(tx, "server", parsed.name, id);
      slug = await resolveSlug(tx, "server", parsed.slug, parsed.name, current);
      if (parsed.policyId) await assertPolicyAttachable(tx, parsed.policyId);
      // The version in the WHERE clause closes the race between the check above and this write.
      const updated = await tx.mcpServer.updateMany({
        where: { id, version: parsed.version },
        data: {
          name: parsed.name,
          slug,
          description: parsed.description,
          upstreamUrl: parsed.upstreamUrl,
          policyId: parsed.policyId,
          enabled: parsed.enabled,
          timeoutSeconds: parsed.timeoutSeconds,
          updatedBy: admin.email,
          version: { increment: 1 },
        },
      });
      if (updated.count === 0) throw staleVersion(await getServerRecordOrThrow({ ...ctx, db: tx as never }, id));
      return tx.mcpServer.findUniqueOrThrow({ where: { id }, include: WITH_POLICY });
    });
    await announceChange(ctx.db, { type: "server", id });
    return toServerView(record);
  } catch (error) {
    if (isUniqueViolation(error)) throw await explainUniqueViolation(ctx.db, "server", { name: parsed.name, slug }, id);
    throw error;
  }
}
