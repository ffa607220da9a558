import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { MIGRATIONS_DIRECTORY, MIGRATIONS_TABLE, migratePostgres, postgresMigrationStatus, readMigrations } from "../../scripts/db/postgres-migrations.mjs";
import { createDatabase, dropDatabase, uniqueDatabaseName } from "../helpers/postgres-databases";

/**
 * The PostgreSQL migrations and the runner that applies them (scripts/db/postgres-migrations.mjs),
 * against real databases on the TEST_DATABASE_URL server.
 */
const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..", "..");
const postgres = inject("postgres");
if (!postgres) throw new Error("This file runs in the integration-postgres project, which needs TEST_DATABASE_URL");
const { adminUrl } = postgres;

const created: string[] = [];
async function freshDatabase(): Promise<string> {
  const name = uniqueDatabaseName("gh_test");
  created.push(name);
  return createDatabase(adminUrl, name);
}
afterEach(async () => {
  await Promise.all(created.splice(0).map((name) => dropDatabase(adminUrl, name)));
});

async function query<Row extends object>(url: string, sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(sql)).rows;
  } finally {
    await client.end();
  }
}

/**
 * The shape of a database as text, apart from the runner's own table: columns (not their
 * order, which ALTER TABLE … ADD COLUMN cannot choose), indexes and constraints.
 */
async function schemaOf(url: string): Promise<string[]> {
  const rows = await query<{ line: string }>(
    url,
    `SELECT format('column %s.%s %s nullable=%s default=%s', table_name, column_name, data_type, is_nullable, column_default) AS line
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '${MIGRATIONS_TABLE}'
     UNION ALL
     SELECT format('index %s', indexdef) FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '${MIGRATIONS_TABLE}'
     UNION ALL
     SELECT format('constraint %s.%s %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid))
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace JOIN pg_class t ON t.oid = c.conrelid
      WHERE n.nspname = 'public' AND t.relname <> '${MIGRATIONS_TABLE}'
     ORDER BY 1`,
  );
  return rows.map((row) => row.line);
}

/** A copy of the committed migrations to change, so that a test can add or edit one. */
function migrationsCopy(): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), "gatehouse-migrations-"));
  cpSync(MIGRATIONS_DIRECTORY, directory, { recursive: true });
  return directory;
}

function addMigration(directory: string, name: string, sql: string): void {
  mkdirSync(path.join(directory, name));
  writeFileSync(path.join(directory, name, "migration.sql"), sql);
}

const temporaryDirectories: string[] = [];
afterAll(() => {
  for (const directory of temporaryDirectories) rmSync(directory, { recursive: true, force: true });
});
function scratchMigrations(): string {
  const directory = migrationsCopy();
  temporaryDirectories.push(directory);
  return directory;
}

describe("the committed PostgreSQL migrations", () => {
  let fromSchema: string[];

  beforeAll(async () => {
    // What prisma/postgresql/schema.prisma describes today, built in one step by Prisma itself.
    const { stdout } = await run(
      process.execPath,
      [path.join(root, "node_modules/prisma/build/index.js"), "migrate", "diff", "--config", "prisma/postgresql/prisma.config.ts", "--from-empty", "--to-schema-datamodel", "prisma/postgresql/schema.prisma", "--script"],
      { cwd: root, env: { ...process.env, DATABASE_URL: adminUrl } },
    );
    const url = await freshDatabase();
    await query(url, stdout);
    fromSchema = await schemaOf(url);
    await dropDatabase(adminUrl, created.pop()!);
  });

  it("build the schema that prisma/postgresql/schema.prisma describes (else a PostgreSQL migration is missing)", async () => {
    const url = await freshDatabase();
    await migratePostgres(url);
    expect(fromSchema.length).toBeGreaterThan(0);
    expect(await schemaOf(url)).toEqual(fromSchema);
  });

  it("need no more than CREATE on the public schema: the role need not own the database", async (context) => {
    const [me] = await query<{ allowed: boolean }>(adminUrl, "SELECT rolsuper OR rolcreaterole AS allowed FROM pg_roles WHERE rolname = current_user");
    if (!me?.allowed) context.skip("the user in TEST_DATABASE_URL cannot create roles");
    const role = uniqueDatabaseName("gh_role");
    const password = randomBytes(12).toString("hex");
    const name = uniqueDatabaseName("gh_test");
    const url = await createDatabase(adminUrl, name);
    await query(adminUrl, `CREATE ROLE "${role}" LOGIN PASSWORD '${password}'`);
    try {
      await query(url, `REVOKE CREATE ON DATABASE "${name}" FROM PUBLIC; GRANT USAGE, CREATE ON SCHEMA public TO "${role}"`);
      const asRole = new URL(url);
      asRole.username = role;
      asRole.password = password;
      expect(await migratePostgres(asRole.toString())).toEqual(readMigrations().map((migration) => migration.name));
    } finally {
      await dropDatabase(adminUrl, name);
      await query(adminUrl, `DROP ROLE "${role}"`);
    }
  });

  it("match the SQLite migrations one for one, by name", async () => {
    const sqlite = readMigrations(path.join(root, "prisma", "migrations")).map((migration) => migration.name);
    expect(readMigrations().map((migration) => migration.name)).toEqual(sqlite);
  });
});

describe("migratePostgres", () => {
  it("applies every migration once and records it; a second run finds nothing pending", async () => {
    const url = await freshDatabase();
    const names = readMigrations().map((migration) => migration.name);

    expect(await postgresMigrationStatus(url)).toEqual({ applied: [], pending: names, changed: [], unknown: [] });
    expect(await migratePostgres(url)).toEqual(names);
    expect(await migratePostgres(url)).toEqual([]);

    const status = await postgresMigrationStatus(url);
    expect(status.applied.map((migration) => migration.name)).toEqual(names);
    expect(status).toMatchObject({ pending: [], changed: [], unknown: [] });
  });

  it("lets one of several instances starting together migrate, the others wait and apply nothing", async () => {
    const url = await freshDatabase();
    const runs = await Promise.all([migratePostgres(url), migratePostgres(url), migratePostgres(url)]);

    expect(runs.flat().sort()).toEqual(readMigrations().map((migration) => migration.name));
    expect(runs.filter((applied) => applied.length > 0)).toHaveLength(1);
    const recorded = await query<{ count: string }>(url, `SELECT count(*) FROM "${MIGRATIONS_TABLE}"`);
    expect(Number(recorded[0]?.count)).toBe(readMigrations().length);
  });

  it("rolls a failing migration back whole and records nothing of it", async () => {
    const directory = scratchMigrations();
    addMigration(directory, "29991231000000_half_done", 'CREATE TABLE "Stray" ("id" TEXT PRIMARY KEY);\nSELECT * FROM "NoSuchTable";');
    const url = await freshDatabase();

    await expect(migratePostgres(url, { directory })).rejects.toThrow(/29991231000000_half_done[\s\S]*NoSuchTable/);

    const stray = await query<{ present: boolean }>(url, `SELECT to_regclass('"Stray"') IS NOT NULL AS present`);
    expect(stray[0]?.present).toBe(false);
    expect(await postgresMigrationStatus(url, { directory })).toMatchObject({ pending: ["29991231000000_half_done"], changed: [] });
  });

  it("refuses to run when an applied migration was edited afterwards, and says which", async () => {
    const directory = scratchMigrations();
    const url = await freshDatabase();
    await migratePostgres(url, { directory });
    const [first] = readMigrations(directory);
    writeFileSync(first!.path, `${first!.sql}\n-- edited\nSELECT 1;\n`);
    addMigration(directory, "29991231000000_later", 'CREATE TABLE "Later" ("id" TEXT PRIMARY KEY);');

    await expect(migratePostgres(url, { directory })).rejects.toThrow(new RegExp(`edited afterwards: ${first!.name}`));
    expect(await postgresMigrationStatus(url, { directory })).toMatchObject({ changed: [first!.name], pending: ["29991231000000_later"] });
  });

  it("counts a migration checked out with CRLF line endings as unchanged", async () => {
    const directory = scratchMigrations();
    const url = await freshDatabase();
    await migratePostgres(url, { directory });
    for (const migration of readMigrations(directory)) writeFileSync(migration.path, migration.sql.replace(/\n/g, "\r\n"));

    expect(await postgresMigrationStatus(url, { directory })).toMatchObject({ changed: [], pending: [], unknown: [] });
  });

  it("reports migrations the database has but this version does not, without refusing to start", async () => {
    const later = scratchMigrations();
    addMigration(later, "29991231000000_from_the_future", 'CREATE TABLE "Future" ("id" TEXT PRIMARY KEY);');
    const url = await freshDatabase();
    await migratePostgres(url, { directory: later });
    const messages: string[] = [];

    expect(await migratePostgres(url, { log: (message) => messages.push(message) })).toEqual([]);
    expect(messages.join("\n")).toMatch(/newer Gatehouse/);
    expect(await postgresMigrationStatus(url)).toMatchObject({ unknown: ["29991231000000_from_the_future"], pending: [] });
  });
});

describe("gatehouse db on PostgreSQL", () => {
  const gatehouse = (command: string, url: string) =>
    run(process.execPath, [path.join(root, "bin/gatehouse.mjs"), "db", command], { cwd: root, env: { ...process.env, DATABASE_URL: url } }).then(
      ({ stdout }) => ({ code: 0, output: stdout }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
    );

  it("check fails on a database that is not migrated, migrate migrates it, then check and status pass", async () => {
    const url = await freshDatabase();
    const names = readMigrations().map((migration) => migration.name);

    const before = await gatehouse("check", url);
    expect(before.code).toBe(1);
    expect(before.output).toContain(`pending: ${names[0]}`);

    const migrated = await gatehouse("migrate", url);
    expect(migrated).toMatchObject({ code: 0 });
    expect(migrated.output).toContain(`applied ${names.length} migration(s)`);

    expect(await gatehouse("check", url)).toMatchObject({ code: 0, output: expect.stringContaining("every migration applied") });
    const status = await gatehouse("status", url);
    expect(status.code).toBe(0);
    for (const name of names) expect(status.output).toContain(`applied  ${name}`);
  });

  it("check fails, naming the server, when the database cannot be reached", async () => {
    const missing = new URL(adminUrl);
    missing.pathname = `/${uniqueDatabaseName("gh_missing")}`;
    const result = await gatehouse("check", missing.toString());
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/does not exist/);
  });
});
