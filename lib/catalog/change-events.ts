import { EventEmitter } from "node:events";

/**
 * Tells the gateway that the catalog changed, so the next request sees the change. The
 * emitter lives on globalThis: the production entry and the Next.js bundle each load this
 * module, and both must hear the same events.
 */
export type CatalogChange = { type: "policy" | "server" | "service"; id: string };

const KEY = Symbol.for("gatehouse.catalog-changes");
type Holder = { [KEY]?: EventEmitter };

export function catalogChanges(): EventEmitter {
  const holder = globalThis as Holder;
  holder[KEY] ??= new EventEmitter().setMaxListeners(100);
  return holder[KEY];
}

export function announceChange(change: CatalogChange): void {
  catalogChanges().emit("change", change);
}

export function onCatalogChange(listener: (change: CatalogChange) => void): () => void {
  const emitter = catalogChanges();
  emitter.on("change", listener);
  return () => emitter.off("change", listener);
}
