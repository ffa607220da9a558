import { requireActor, type Actor } from "./actor";
import type { CatalogContext } from "./context";
import { CatalogError } from "./errors";
import { toServerView, WITH_POLICY, type ServerRecord, type ServerView } from "./server-view";

export async function getServerRecordOrThrow(ctx: CatalogContext, id: string): Promise<ServerRecord> {
  const record = await ctx.db.mcpServer.findUnique({ where: { id }, include: WITH_POLICY });
  if (!record) throw new CatalogError("not_found", "This MCP server does not exist (any more)");
  return record;
}

export async function getServerOrThrow(ctx: CatalogContext, actor: Actor | null, id: string): Promise<ServerView> {
  requireActor(actor);
  return toServerView(await getServerRecordOrThrow(ctx, id));
}
