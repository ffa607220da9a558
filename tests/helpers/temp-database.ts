import { copyFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import type { CatalogContext } from "@/lib/catalog/context";
import { createDb } from "@/lib/db";
import { createDatabase, dropDatabase, dumpAllValues, uniqueDatabaseName } from "./postgres-databases";

/** A fixed sealing key, so that sealed values in one test can be opened again in the same test. */
export const TEST_SEALING_KEY = Buffer.alloc(32, 7);

export type TempDatabase = {
  ctx: CatalogContext;
  /**
   * What is stored at rest, to check that no secret is in clear: on SQLite the database file
   * (plus its journal, when present) as bytes; on PostgreSQL, whose files live on the server,
   * every stored value as text (the data a dump would contain).
   */
  rawBytes: () => Promise<Buffer>;
  cleanup: () => Promise<void>;
};

/**
 * A fresh, migrated, empty database for one test: a copy of the SQLite template
 * (tests/helpers/global-setup.ts), or in the "integration-postgres" project a PostgreSQL
 * database copied from the migrated template (tests/helpers/postgres-global-setup.ts).
 */
export async function createTempDatabase(): Promise<TempDatabase> {
  if (inject("databaseProvider") === "postgresql") return createTempPostgresDatabase();
  return createTempSqliteDatabase();
}

async function createTempSqliteDatabase(): Promise<TempDatabase> {
  const directory = await mkdtemp(path.join(os.tmpdir(), "gatehouse-test-"));
  const file = path.join(directory, "gatehouse.db");
  await copyFile(inject("templateDatabasePath"), file);
  const db = createDb(`file:${file}`);

  async function rawBytes(): Promise<Buffer> {
    const files = [file, `${file}-wal`, `${file}-journal`].filter((candidate) => existsSync(candidate));
    return Buffer.concat(await Promise.all(files.map((candidate) => readFile(candidate))));
  }

  async function cleanup(): Promise<void> {
    await db.$disconnect();
    await rm(directory, { recursive: true, force: true });
  }

  return { ctx: { db, sealingKey: TEST_SEALING_KEY }, rawBytes, cleanup };
}

async function createTempPostgresDatabase(): Promise<TempDatabase> {
  const postgres = inject("postgres");
  if (!postgres) throw new Error("The integration-postgres project runs only with TEST_DATABASE_URL set");
  const { adminUrl, templateDatabase } = postgres;
  const name = uniqueDatabaseName("gh_test");
  const url = await createDatabase(adminUrl, name, templateDatabase);
  const db = createDb(url);

  async function rawBytes(): Promise<Buffer> {
    return Buffer.from(await dumpAllValues(url));
  }

  async function cleanup(): Promise<void> {
    await db.$disconnect();
    await dropDatabase(adminUrl, name);
  }

  return { ctx: { db, sealingKey: TEST_SEALING_KEY }, rawBytes, cleanup };
}
