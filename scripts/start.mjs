// `npm start`: everything a fresh clone needs, then the server. Generates the Prisma client
// when the schema changed, applies pending migrations, builds when the sources changed
// since the last build, and starts the production entry. No configuration is required.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
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

// The generated client keeps a reformatted copy of the schema, so the schema's own hash is
// recorded beside it to tell whether it is current.
const schemaHash = createHash("sha256").update(fs.readFileSync(path.join(root, "prisma/schema.prisma"))).digest("hex");
const generatedMarker = path.join(root, "node_modules/.prisma/client/gatehouse-schema.sha256");
if (!fs.existsSync(generatedMarker) || fs.readFileSync(generatedMarker, "utf8") !== schemaHash) {
  console.log("Generating the database client…");
  run("prisma generate", [prismaCli, "generate"]);
  fs.writeFileSync(generatedMarker, schemaHash);
}

const migrated = run("Applying database migrations", [prismaCli, "migrate", "deploy"]);
if (/have been applied|successfully applied/i.test(migrated) && !/No pending migrations/i.test(migrated)) {
  console.log("Applied pending database migrations.");
}

if (process.env.GATEHOUSE_SKIP_BUILD !== "1" && !buildIsCurrent(root)) {
  console.log("Building Gatehouse (first start or changed sources; about a minute)…");
  const built = spawnSync(process.execPath, [path.join(root, "scripts/build.mjs")], { cwd: root, stdio: "inherit" });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

process.env.NODE_ENV = "production";
await import(pathToFileURL(path.join(root, "dist/server.mjs")).href);
