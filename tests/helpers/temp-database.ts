import { copyFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import type { CatalogContext } from "@/lib/catalog/context";
import { createDb } from "@/lib/db";

/** A fixed sealing key, so that sealed values in one test can be opened again in the same test. */
export const TEST_SEALING_KEY = Buffer.alloc(32, 7);

export type TempDatabase = {
  ctx: CatalogContext;
  /** The SQLite file (plus its journal, when present) as bytes, to check what is stored at rest. */
  rawBytes: () => Promise<Buffer>;
  cleanup: () => Promise<void>;
};

/** A fresh copy of the migrated template database (tests/helpers/global-setup.ts), in its own directory. */
export async function createTempDatabase(): Promise<TempDatabase> {
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
