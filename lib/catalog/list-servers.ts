import { requireActor, type Actor } from "./actor";
import type { CatalogContext } from "./context";
import { toServerView, WITH_POLICY, type ServerView } from "./server-view";

/** Every MCP server, by name; `query` matches the name, slug, description or upstream URL. */
export async function listServers(ctx: CatalogContext, actor: Actor | null, query = ""): Promise<ServerView[]> {
  requireActor(actor);
  const servers = await ctx.db.mcpServer.findMany({ orderBy: { name: "asc" }, include: WITH_POLICY });
  const needle = query.trim().toLowerCase();
  return servers
    .filter((server) => needle === "" || [server.name, server.slug, server.description, server.upstreamUrl].some((text) => text.toLowerCase().includes(needle)))
    .map(toServerView);
}
