// `npm start`: everything a fresh clone needs, then the server. Generates the Prisma clients
// when their schema changed, applies pending migrations (SQLite or PostgreSQL, after
// DATABASE_URL), builds when the sources changed since the last build, and starts the
// production entry. No configuration is required.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { generateClients } from "./db/generate-clients.mjs";
import { isPostgresUrl } from "./db/database-url.mjs";
import { buildIsCurrent } from "./source-fingerprint.mjs";

const root = path.resolve(import.meta.dirname, "..");
process.chdir(root);
process.env.NEXT_TELEMETRY_DISABLED = "1";

function run(label, args) {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  if (result.status !== 0) {
    process.stderr.write(`${label} failed:\n${result.stdout}${result.stderr}`);
    process.exit(result.status ?? 1);
  }
  return result.stdout;
}

const prismaCli = path.join(root, "node_modules/prisma/build/index.js");
const dataDir = path.resolve(process.env.GATEHOUSE_DATA_DIR || "data");
fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });

try {
  const generated = generateClients({ onlyChanged: true });
  if (generated.length > 0) console.log(`Generated the database clients (${generated.join(", ")}).`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : error}\n`);
  process.exit(1);
}

// PostgreSQL: the committed SQL migrations, applied under an advisory lock, so that instances
// started together migrate once (scripts/db/postgres-migrations.mjs). SQLite: Prisma's own.
if (isPostgresUrl(process.env.DATABASE_URL)) {
  try {
    const { migratePostgres } = await import("./db/postgres-migrations.mjs");
    await migratePostgres(process.env.DATABASE_URL.trim(), { log: (message) => console.log(message) });
  } catch (error) {
    process.stderr.write(`Applying database migrations failed:\n${error instanceof Error ? error.message : error}\n`);
    process.exit(1);
  }
} else {
  const migrated = run("Applying database migrations", [prismaCli, "migrate", "deploy"]);
  if (/have been applied|successfully applied/i.test(migrated) && !/No pending migrations/i.test(migrated)) {
    console.log("Applied pending database migrations.");
  }
}

if (process.env.GATEHOUSE_SKIP_BUILD !== "1" && !buildIsCurrent(root)) {
  console.log("Building Gatehouse (first start or changed sources; about a minute)…");
  const built = spawnSync(process.execPath, [path.join(root, "scripts/build.mjs")], { cwd: root, stdio: "inherit" });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

process.env.NODE_ENV = "production";
await import(pathToFileURL(path.join(root, "dist/server.mjs")).href);
