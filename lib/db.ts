import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import { getEnv } from "./env";

export type Db = PrismaClient;

/**
 * One Prisma client per process. It lives on globalThis because the production entry and
 * Next.js bundle this module separately: both must share one connection and one cache.
 */
const KEY = Symbol.for("gatehouse.db");
type Holder = { [KEY]?: PrismaClient };

export function createDb(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: databaseUrl }) });
}

export function getDb(): PrismaClient {
  const holder = globalThis as Holder;
  holder[KEY] ??= createDb(getEnv().databaseUrl);
  return holder[KEY];
}
