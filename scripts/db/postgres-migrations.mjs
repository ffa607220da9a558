// Applies the committed PostgreSQL migrations (prisma/postgresql/migrations/<timestamp>_<name>/
// migration.sql, generated with `prisma migrate diff`) and reports what was applied. Prisma's
// wasm schema engine cannot apply migrations to PostgreSQL here (DESIGN.md §4), so a migration
// library does it.
//
// Why umzug (+ pg): it is maintained (sequelize's migration runner, v3), database-agnostic and
// small at run time: we hand it the list of migrations and a storage, and it works out what is
// pending, runs it in order and records it. node-pg-migrate names a migration after its file,
// so Prisma's layout (every file is called migration.sql) cannot be told apart, and
// postgres-migrations wants flat files numbered 1, 2, 3… and is no longer developed.
//
// What this module adds around umzug:
// - a session advisory lock, taken with pg_advisory_lock (which waits), so that instances
//   starting together migrate one after the other: the second finds nothing pending;
// - one transaction per migration, in which its SQL runs and its row is recorded, so a failed
//   migration leaves neither half-applied tables nor a record (PostgreSQL's DDL is transactional);
// - a SHA-256 of each applied file, so that an edited migration is reported instead of ignored.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { Umzug } from "umzug";

const root = path.resolve(import.meta.dirname, "..", "..");
export const MIGRATIONS_DIRECTORY = path.join(root, "prisma", "postgresql", "migrations");

/** Where applied migrations are recorded. Prisma's own table (_prisma_migrations) is never used here. */
export const MIGRATIONS_TABLE = "_gatehouse_migrations";

/** The advisory lock key: a hash of a fixed text, computed by the server, so no magic number. */
const LOCK_KEY_SQL = "hashtextextended('gatehouse:migrations', 0)";

/** Line endings are normalized so that a checkout with CRLF does not count as an edited migration. */
function checksumOf(sql) {
  return createHash("sha256").update(sql.replace(/\r\n/g, "\n")).digest("hex");
}

/** The committed migrations, oldest first: directory name (the migration's name), file and checksum. */
export function readMigrations(directory = MIGRATIONS_DIRECTORY) {
  if (!fs.existsSync(directory)) return [];
  return fs
    .readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(directory, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const file = path.join(directory, name, "migration.sql");
      const sql = fs.readFileSync(file, "utf8");
      return { name, path: file, sql, checksum: checksumOf(sql) };
    });
}

async function withClient(databaseUrl, use) {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "gatehouse-migrate" });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

async function ensureMigrationsTable(client) {
  await client.query(
    `CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (
       name text PRIMARY KEY,
       checksum text NOT NULL,
       applied_at timestamptz NOT NULL DEFAULT now()
     )`,
  );
}

async function appliedRows(client) {
  const exists = await client.query("SELECT to_regclass($1) IS NOT NULL AS present", [`"${MIGRATIONS_TABLE}"`]);
  if (!exists.rows[0].present) return [];
  const result = await client.query(`SELECT name, checksum, applied_at FROM "${MIGRATIONS_TABLE}" ORDER BY name`);
  return result.rows.map((row) => ({ name: row.name, checksum: row.checksum, appliedAt: row.applied_at }));
}

/** Compares the committed migrations with what the database records. */
function compare(migrations, rows) {
  const recorded = new Map(rows.map((row) => [row.name, row]));
  const known = new Set(migrations.map((migration) => migration.name));
  return {
    applied: rows.filter((row) => known.has(row.name)).map((row) => ({ name: row.name, appliedAt: row.appliedAt })),
    pending: migrations.filter((migration) => !recorded.has(migration.name)).map((migration) => migration.name),
    /** Applied, but the committed file differs from what was applied. */
    changed: migrations.filter((migration) => recorded.has(migration.name) && recorded.get(migration.name).checksum !== migration.checksum).map((migration) => migration.name),
    /** Recorded by the database but not committed here: the database was migrated by a newer Gatehouse. */
    unknown: rows.filter((row) => !known.has(row.name)).map((row) => row.name),
  };
}

/** What the database has applied, what is pending, and what does not match. Changes nothing. */
export async function postgresMigrationStatus(databaseUrl, { directory = MIGRATIONS_DIRECTORY } = {}) {
  const migrations = readMigrations(directory);
  return withClient(databaseUrl, async (client) => compare(migrations, await appliedRows(client)));
}

/**
 * Applies the pending migrations, each in its own transaction, under an advisory lock. Refuses
 * to run when an applied migration's file was edited: the database would no longer match the
 * schema the code was generated from. Returns the names it applied.
 */
export async function migratePostgres(databaseUrl, { directory = MIGRATIONS_DIRECTORY, log = () => {} } = {}) {
  const migrations = readMigrations(directory);
  const byName = new Map(migrations.map((migration) => [migration.name, migration]));
  return withClient(databaseUrl, async (client) => {
    await client.query(`SELECT pg_advisory_lock(${LOCK_KEY_SQL})`);
    try {
      await ensureMigrationsTable(client);
      const status = compare(migrations, await appliedRows(client));
      if (status.changed.length > 0) {
        throw new Error(`Applied PostgreSQL migrations were edited afterwards: ${status.changed.join(", ")}. Restore them and add a new migration instead.`);
      }
      if (status.unknown.length > 0) log(`The database has migrations this version does not know (${status.unknown.join(", ")}): it was migrated by a newer Gatehouse.`);

      const storage = {
        // Idempotent: the migration records itself inside its own transaction (below), so the
        // call umzug makes after it finds the row already there.
        async logMigration({ name }) {
          await client.query(`INSERT INTO "${MIGRATIONS_TABLE}" (name, checksum) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [
            name,
            byName.get(name).checksum,
          ]);
        },
        async unlogMigration({ name }) {
          await client.query(`DELETE FROM "${MIGRATIONS_TABLE}" WHERE name = $1`, [name]);
        },
        async executed() {
          return (await appliedRows(client)).map((row) => row.name);
        },
      };
      const umzug = new Umzug({
        migrations: migrations.map((migration) => ({
          name: migration.name,
          path: migration.path,
          async up() {
            await client.query("BEGIN");
            try {
              // No parameters: pg sends the file with the simple query protocol, which runs
              // every statement in it.
              await client.query(migration.sql);
              await storage.logMigration({ name: migration.name });
              await client.query("COMMIT");
            } catch (error) {
              await client.query("ROLLBACK");
              throw error;
            }
          },
        })),
        storage,
        logger: undefined,
      });
      umzug.on("migrated", ({ name }) => log(`Applied PostgreSQL migration ${name}.`));
      const applied = await umzug.up();
      return applied.map((migration) => migration.name);
    } finally {
      // Ending the connection releases the lock too; unlocking first keeps that explicit, and a
      // failure here must not hide the migration's own error.
      await client.query(`SELECT pg_advisory_unlock(${LOCK_KEY_SQL})`).catch(() => undefined);
    }
  });
}
