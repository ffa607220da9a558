import { createRequire } from "node:module";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import type * as PostgresClientModule from ".prisma/client-postgresql";
import { isPostgresUrl } from "./database-url";
import { getEnv } from "./env";

/**
 * The database as the use cases see it: the SQLite client's type stands for both providers.
 * The PostgreSQL client is generated from a schema derived from the same models
 * (scripts/db/postgres-schema.mjs), so its model API is the same; only the provider differs.
 */
export type Db = PrismaClient;

/**
 * One Prisma client per process. It lives on globalThis because the production entry and
 * Next.js bundle this module separately: both must share one connection and one cache.
 */
const KEY = Symbol.for("gatehouse.db");
type Holder = { [KEY]?: Db };

/**
 * The PostgreSQL client, generated into node_modules/.prisma/client-postgresql beside the default
 * one. ".prisma/…" is no valid package name for an ES module import, so it is required the way
 * @prisma/client requires its own generated client; on first use, so SQLite never loads it.
 */
function postgresClientModule(): typeof PostgresClientModule {
  return createRequire(import.meta.url)(".prisma/client-postgresql") as typeof PostgresClientModule;
}

/** A client for the URL's provider: PostgreSQL for postgres(ql)://, the embedded SQLite file otherwise. */
export function createDb(databaseUrl: string): Db {
  if (isPostgresUrl(databaseUrl)) {
    const { PrismaClient: PostgresPrismaClient } = postgresClientModule();
    const client = new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
    // The one cast between the two generated clients: their declarations are separate types
    // (each names its own provider) although their model API is the same, so the use cases
    // keep one Db type instead of a union that every call would have to narrow.
    return client as unknown as Db;
  }
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: databaseUrl }) });
}

export function getDb(): Db {
  const holder = globalThis as Holder;
  holder[KEY] ??= createDb(getEnv().databaseUrl);
  return holder[KEY];
}
