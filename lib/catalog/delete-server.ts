import { requireAdmin, type Actor } from "./actor";
import { announceChange } from "./change-events";
import type { CatalogContext } from "./context";
import { CatalogError } from "./errors";

/** Removes a server registration; the gateway stops serving its URL when it hears the change. */
export async function deleteServer(ctx: CatalogContext, actor: Actor | null, id: string): Promise<void> {
  requireAdmin(actor);
  const deleted = await ctx.db.mcpServer.deleteMany({ where: { id } });
  if (deleted.count === 0) throw new CatalogError("not_found", "This MCP server does not exist (any more)");
  await announceChange(ctx.db, { type: "server", id });
}
