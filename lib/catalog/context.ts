import type { Db } from "../db";

/** What the use cases need from the outside world; tests pass a temporary database. */
export type CatalogContext = {
  db: Db;
  sealingKey: Buffer;
  now?: () => Date;
};

export function nowOf(ctx: CatalogContext): Date {
  return ctx.now ? ctx.now() : new Date();
}
