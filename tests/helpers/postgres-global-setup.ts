import type { TestProject } from "vitest/node";
import { createMigratedDatabase, dropDatabase, uniqueDatabaseName } from "./postgres-databases";

declare module "vitest" {
  export interface ProvidedContext {
    /** "postgresql" in the integration-postgres project; the SQLite project leaves it unset. */
    databaseProvider?: "postgresql";
    /** The server to make test databases on (TEST_DATABASE_URL) and a migrated template to copy. */
    postgres?: { adminUrl: string; templateDatabase: string };
  }
}

/**
 * For the "integration-postgres" project (defined only when TEST_DATABASE_URL is set, see
 * vitest.config.ts): migrates one template database with the production runner
 * (scripts/db/postgres-migrations.mjs), so that the tests exercise the committed PostgreSQL
 * migrations; each test then gets a copy of it (tests/helpers/temp-database.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const adminUrl = process.env.TEST_DATABASE_URL?.trim();
  if (!adminUrl) throw new Error("The integration-postgres project needs TEST_DATABASE_URL");
  const templateDatabase = uniqueDatabaseName("gh_template");
  await createMigratedDatabase(adminUrl, templateDatabase);
  project.provide("postgres", { adminUrl, templateDatabase });
  return () => dropDatabase(adminUrl, templateDatabase);
}
