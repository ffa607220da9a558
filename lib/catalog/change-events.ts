import { EventEmitter } from "node:events";
import { randomUUID } from "node:crypto";
import type { Db } from "../db";
import { logLine } from "../log-line";
import { publishCatalogChange } from "../redis/catalog-change-channel";

/**
 * Tells the gateways that the catalog changed, so the next request sees the change: this
 * process's at once (an EventEmitter), other instances' through Redis when REDIS_URL is set
 * and through the catalog revision in the database (lib/gateway/catalog-change-feed.ts).
 * The emitter lives on globalThis: the production entry and the Next.js bundle each load this
 * module, and both must hear the same events.
 */
export type CatalogChange = { type: "policy" | "server" | "service"; id: string };

/**
 * The catalog revision a change made (CatalogRevision), or null when it could not be counted;
 * instances compare it with the revision they have loaded.
 */
export type CatalogRevisionNumber = number | null;

type Holder = { [KEY]?: EventEmitter; [INSTANCE]?: string };
const KEY = Symbol.for("gatehouse.catalog-changes");
const INSTANCE = Symbol.for("gatehouse.instance-id");

export function catalogChanges(): EventEmitter {
  const holder = globalThis as Holder;
  holder[KEY] ??= new EventEmitter().setMaxListeners(100);
  return holder[KEY];
}

/** This process among the gateway instances: it ignores the notices it sent itself. */
export function instanceId(): string {
  const holder = globalThis as Holder;
  holder[INSTANCE] ??= randomUUID();
  return holder[INSTANCE];
}

/**
 * Call after every committed write to a policy, MCP server or API service. Counts the change
 * in the database, tells this process, then the other instances. The write has been committed
 * by then, so a failure here is logged rather than thrown: the person's save did succeed.
 */
export async function announceChange(db: Db, change: CatalogChange): Promise<void> {
  const revision = await bumpCatalogRevision(db, change);
  catalogChanges().emit("change", change, revision);
  await publishCatalogChange({ origin: instanceId(), change, revision });
}

export function onCatalogChange(listener: (change: CatalogChange, revision: CatalogRevisionNumber) => void): () => void {
  const emitter = catalogChanges();
  emitter.on("change", listener);
  return () => emitter.off("change", listener);
}

/** The revision the catalog is at (0 before the first change). One primary-key read. */
export async function readCatalogRevision(db: Db): Promise<number> {
  const row = await db.catalogRevision.findUnique({ where: { id: 1 }, select: { revision: true } });
  return row?.revision ?? 0;
}

async function bumpCatalogRevision(db: Db, change: CatalogChange): Promise<CatalogRevisionNumber> {
  try {
    // One atomic statement (INSERT … ON CONFLICT DO UPDATE): concurrent writers each get their own number.
    const row = await db.catalogRevision.upsert({ where: { id: 1 }, create: { id: 1, revision: 1 }, update: { revision: { increment: 1 } }, select: { revision: true } });
    return row.revision;
  } catch (error) {
    logLine("error", "could not count a catalog change: other gateway instances without Redis will not notice it until the next change", {
      change,
      error: error instanceof Error ? error.message : String(error),
    });
    return null;
  }
}
