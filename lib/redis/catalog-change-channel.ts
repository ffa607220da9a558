import type { CatalogChange, CatalogRevisionNumber } from "../catalog/change-events";
import { logLine } from "../log-line";
import { connectRedis, sharedRedis } from "./redis-connection";

/** The Redis channel on which instances tell each other what they changed. */
export const CATALOG_CHANGES_CHANNEL = "gatehouse:catalog-changes";

/** One notice: which instance sent it, what changed, and the catalog revision that change made. */
export type CatalogChangeNotice = { origin: string; change: CatalogChange; revision: CatalogRevisionNumber };

/**
 * Sends a notice to every instance subscribed (a no-op without REDIS_URL). Never throws: the
 * change is committed, and instances that miss the notice catch up from the catalog revision.
 */
export async function publishCatalogChange(notice: CatalogChangeNotice): Promise<void> {
  const client = sharedRedis();
  if (!client) return;
  try {
    await client.publish(CATALOG_CHANGES_CHANNEL, JSON.stringify(notice));
  } catch (error) {
    logLine("warn", "could not send a catalog change to the other instances through Redis; they will notice it from the database", {
      change: notice.change,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

/**
 * Listens for notices on a connection of its own. `subscribed` runs whenever the subscription
 * is (re)established: notices sent while it was down are lost, so the listener catches up then.
 */
export function subscribeCatalogChanges(url: string, handlers: { notice(notice: CatalogChangeNotice): void; subscribed(): void }): { close(): Promise<void> } {
  const client = connectRedis(url, "subscriber");
  client.on("message", (channel: string, text: string) => {
    if (channel !== CATALOG_CHANGES_CHANNEL) return;
    const notice = parseNotice(text);
    if (notice) handlers.notice(notice);
  });
  // ioredis subscribes again by itself after a reconnect, right after "ready".
  client.on("ready", () => handlers.subscribed());
  client.subscribe(CATALOG_CHANGES_CHANNEL).catch(() => undefined);
  return {
    async close() {
      await client.quit().catch(() => client.disconnect());
    },
  };
}

function parseNotice(text: string): CatalogChangeNotice | null {
  try {
    const value = JSON.parse(text) as Partial<CatalogChangeNotice>;
    const change = value.change;
    if (typeof value.origin !== "string" || !change || typeof change.id !== "string" || !["policy", "server", "service"].includes(change.type)) return null;
    const revision = typeof value.revision === "number" ? value.revision : null;
    return { origin: value.origin, change: { type: change.type, id: change.id }, revision };
  } catch {
    return null;
  }
}
