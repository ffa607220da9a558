import { requireAdmin, type Actor } from "./actor";
import { announceChange } from "./change-events";
import type { CatalogContext } from "./context";
import { CatalogError } from "./errors";
import { getPolicyRecordOrThrow } from "./get-policy-or-throw";
import { joinNames } from "./join-names";

function policyInUse(policyName: string, serverNames: string[]): CatalogError {
  const servers = joinNames(serverNames.map((name) => `“${name}”`));
  const message =
    serverNames.length === 1
      ? `“${policyName}” is used by the MCP server ${servers}. Attach another policy to that server, or delete the server, first.`
      : `“${policyName}” is used by ${serverNames.length} MCP servers: ${servers}. Attach another policy to those servers, or delete them, first.`;
  return new CatalogError("in_use", message);
}

/** Deletes a policy that no MCP server uses; one in use is refused with the servers' names. */
export async function deletePolicy(ctx: CatalogContext, actor: Actor | null, id: string): Promise<void> {
  requireAdmin(actor);
  const policy = await getPolicyRecordOrThrow(ctx, id);
  const usedBy = async () => (await ctx.db.mcpServer.findMany({ where: { policyId: id }, select: { name: true }, orderBy: { name: "asc" } })).map((server) => server.name);
  const servers = await usedBy();
  if (servers.length > 0) throw policyInUse(policy.name, servers);
  try {
    await ctx.db.policy.delete({ where: { id } });
  } catch (error) {
    // The foreign key (onDelete: Restrict) refuses the delete when a server attached the policy meanwhile.
    if (isForeignKeyViolation(error)) throw policyInUse(policy.name, await usedBy());
    throw error;
  }
  announceChange({ type: "policy", id });
}

function isForeignKeyViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === "P2003";
}
