#!/usr/bin/env node
// The gatehouse command (package.json "bin"; `npm run db -- <command>` runs `gatehouse db <command>`).
// It migrates and checks the database named by DATABASE_URL, for either provider:
// SQLite through Prisma's own `migrate deploy`/`migrate status`, PostgreSQL through the
// migration runner in scripts/db/postgres-migrations.mjs (Prisma cannot apply migrations to
// PostgreSQL here: DESIGN.md §4).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { isPostgresUrl } from "../scripts/db/database-url.mjs";
import { migratePostgres, postgresMigrationStatus } from "../scripts/db/postgres-migrations.mjs";

const root = path.resolve(import.meta.dirname, "..");
const prismaCli = path.join(root, "node_modules", "prisma", "build", "index.js");

const USAGE = `Usage: gatehouse db <command>

Commands (the database is DATABASE_URL: postgresql://… for PostgreSQL, otherwise the SQLite file,
by default <GATEHOUSE_DATA_DIR or ./data>/gatehouse.db):
  migrate         apply the pending migrations (npm start does this too)
  status          list applied and pending migrations
  check           exit 0 when the database is reachable and fully migrated, 1 otherwise
  schema          derive prisma/postgresql/schema.prisma from prisma/schema.prisma
  schema --check  exit 1 when prisma/postgresql/schema.prisma is stale`;

function postgresUrl() {
  const url = process.env.DATABASE_URL;
  return isPostgresUrl(url) ? url.trim() : undefined;
}

/** Prisma's CLI for SQLite, with prisma.config.ts resolving the default database file. */
function prisma(args, { quiet = false } = {}) {
  const result = spawnSync(process.execPath, [prismaCli, ...args], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (!quiet) process.stdout.write(result.stdout + result.stderr);
  return result;
}

/** A short, password-free name for messages. */
function describe(url) {
  const parsed = new URL(url);
  return `PostgreSQL ${parsed.hostname}${parsed.port ? `:${parsed.port}` : ""}${parsed.pathname}`;
}

function problemsOf(status) {
  return [
    ...status.pending.map((name) => `pending: ${name}`),
    ...status.changed.map((name) => `edited after it was applied: ${name}`),
    ...status.unknown.map((name) => `applied by a newer Gatehouse, unknown here: ${name}`),
  ];
}

async function migrate() {
  const url = postgresUrl();
  if (!url) return prisma(["migrate", "deploy"]).status ?? 1;
  const applied = await migratePostgres(url, { log: (message) => console.log(message) });
  console.log(applied.length === 0 ? `${describe(url)}: no pending migrations.` : `${describe(url)}: applied ${applied.length} migration(s).`);
  return 0;
}

async function status() {
  const url = postgresUrl();
  if (!url) return prisma(["migrate", "status"]).status ?? 1;
  const current = await postgresMigrationStatus(url);
  console.log(`${describe(url)}`);
  for (const { name, appliedAt } of current.applied) console.log(`  applied  ${name}  (${appliedAt.toISOString()})`);
  for (const problem of problemsOf(current)) console.log(`  ${problem}`);
  const problems = problemsOf(current).length;
  console.log(problems === 0 ? "Database schema is up to date." : `${problems} migration(s) need attention.`);
  return problems === 0 ? 0 : 1;
}

async function check() {
  const url = postgresUrl();
  if (!url) {
    const result = prisma(["migrate", "status"], { quiet: true });
    if (result.status === 0) {
      console.log("SQLite: reachable, every migration applied.");
      return 0;
    }
    process.stderr.write(result.stdout + result.stderr);
    return 1;
  }
  const problems = problemsOf(await postgresMigrationStatus(url));
  if (problems.length === 0) {
    console.log(`${describe(url)}: reachable, every migration applied.`);
    return 0;
  }
  console.error(`${describe(url)}: not ready:\n${problems.map((problem) => `  ${problem}`).join("\n")}`);
  return 1;
}

function schema(args) {
  const script = path.join(root, "scripts", "db", "postgres-schema.mjs");
  return spawnSync(process.execPath, [script, ...args], { cwd: root, stdio: "inherit" }).status ?? 1;
}

async function main(argv) {
  const [group, command, ...rest] = argv;
  if (group !== "db" || !command) {
    console.error(USAGE);
    return group === undefined || group === "--help" || group === "help" ? 0 : 2;
  }
  switch (command) {
    case "migrate":
      return migrate();
    case "status":
      return status();
    case "check":
      return check();
    case "schema":
      return schema(rest);
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
