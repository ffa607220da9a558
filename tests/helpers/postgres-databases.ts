import { randomBytes } from "node:crypto";
import pg from "pg";
import { migratePostgres } from "../../scripts/db/postgres-migrations.mjs";

/**
 * Throwaway PostgreSQL databases for tests, made through the server in TEST_DATABASE_URL (any
 * database the user can connect to and create databases from, e.g. postgresql://postgres@127.0.0.1:5432/postgres).
 * A database per test isolates as well as a copied SQLite file; CREATE DATABASE … TEMPLATE copies
 * an already migrated one in a few tens of milliseconds.
 */

/** The same server and credentials as `adminUrl`, another database. */
export function databaseUrlFor(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A name nobody else uses, so that concurrent test runs on one server never collide. */
export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString("hex")}`;
}

async function onServer(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Names are made by uniqueDatabaseName (letters, digits, underscores); quoting keeps them literal. */
export async function createDatabase(adminUrl: string, name: string, template?: string): Promise<string> {
  await onServer(adminUrl, `CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
  return databaseUrlFor(adminUrl, name);
}

/** WITH (FORCE) ends connections a failed test may have left open. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await onServer(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

/** A new database with the committed migrations applied by the production runner. */
export async function createMigratedDatabase(adminUrl: string, name: string): Promise<string> {
  const url = await createDatabase(adminUrl, name);
  await migratePostgres(url);
  return url;
}

/**
 * Every value of every row of every table, as text: what a dump of the database (pg_dump's
 * data section) would reveal. Values come out one by one and unescaped (jsonb_each_text), so a
 * secret stored in clear shows up verbatim, as it would in the SQLite file's bytes.
 */
export async function dumpAllValues(databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(
      `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
    );
    const lines: string[] = [];
    for (const { name } of tables.rows) {
      const values = await client.query<{ value: string | null }>(`SELECT value FROM ${name} AS t, LATERAL jsonb_each_text(to_jsonb(t))`);
      for (const { value } of values.rows) if (value !== null) lines.push(value);
    }
    return lines.join("\n");
  } finally {
    await client.end();
  }
}
