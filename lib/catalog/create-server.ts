import { requireAdmin, type Actor } from "./actor";
import { announceChange } from "./change-events";
import type { CatalogContext } from "./context";
import { parseOrThrow } from "./errors";
import { isUniqueViolation } from "./policy-name";
import { assertNameFree, explainUniqueViolation, resolveSlug } from "./registration-identity";
import { assertPolicyAttachable } from "./server-policy";
import { serverInput } from "./server-schema";
import { toServerView, WITH_POLICY, type ServerView } from "./server-view";

/** Registers an MCP server behind the gateway at /mcp/<slug>. */
export async function createServer(ctx: CatalogContext, actor: Actor | null, input: unknown): Promise<ServerView> {
  const admin = requireAdmin(actor);
  const parsed = parseOrThrow(serverInput, input);
  let slug = parsed.slug ?? "";
  try {
    const record = await ctx.db.$transaction(async (tx) => {
      await assertNameFree(tx, "server", parsed.name);
      slug = await resolveSlug(tx, "server", parsed.slug, parsed.name);
      if (parsed.policyId) await assertPolicyAttachable(tx, parsed.policyId);
      return tx.mcpServer.create({
        data: {
          name: parsed.name,
          slug,
          description: parsed.description,
          upstreamUrl: parsed.upstreamUrl,
          policyId: parsed.policyId,
          enabled: parsed.enabled,
          timeoutSeconds: parsed.timeoutSeconds,
          updatedBy: admin.email,
        },
        include: WITH_POLICY,
      });
    });
    await announceChange(ctx.db, { type: "server", id: record.id });
    return toServerView(record);
  } catch (error) {
    if (isUniqueViolation(error)) throw await explainUniqueViolation(ctx.db, "server", { name: parsed.name, slug });
    throw error;
  }
}
