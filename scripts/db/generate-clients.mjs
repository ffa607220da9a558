// Generates both Prisma clients, offline: the SQLite one (@prisma/client, from prisma/schema.prisma)
// and the PostgreSQL one (node_modules/.prisma/client-postgresql, from the derived
// prisma/postgresql/schema.prisma). lib/db.ts picks one at run time from DATABASE_URL, so both
// exist whichever database this installation uses. `npm install` runs this (postinstall);
// `npm start` runs it with --changed, regenerating only a client whose schema changed.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { isPostgresUrl } from "./database-url.mjs";

const root = path.resolve(import.meta.dirname, "..", "..");
const prismaCli = path.join(root, "node_modules", "prisma", "build", "index.js");

const CLIENTS = [
  { label: "SQLite", schema: "prisma/schema.prisma", output: "node_modules/.prisma/client", args: [] },
  {
    label: "PostgreSQL",
    schema: "prisma/postgresql/schema.prisma",
    output: "node_modules/.prisma/client-postgresql",
    args: ["--config", "prisma/postgresql/prisma.config.ts"],
  },
];

/**
 * Generates every client (or, with onlyChanged, those whose schema differs from the one they
 * were generated from: the generated client keeps a reformatted copy of its schema, so the
 * schema's own hash is recorded beside it). Returns the labels of the clients it generated.
 */
export function generateClients({ onlyChanged = false } = {}) {
  const generated = [];
  for (const client of CLIENTS) {
    const hash = createHash("sha256").update(fs.readFileSync(path.join(root, client.schema))).digest("hex");
    const marker = path.join(root, client.output, "gatehouse-schema.sha256");
    if (onlyChanged && fs.existsSync(marker) && fs.readFileSync(marker, "utf8") === hash) continue;
    const env = { ...process.env };
    // prisma.config.ts serves the SQLite schema and refuses a PostgreSQL URL; generating
    // connects to nothing, so the SQLite client is generated against the default file URL.
    if (client.args.length === 0 && isPostgresUrl(env.DATABASE_URL)) delete env.DATABASE_URL;
    const result = spawnSync(process.execPath, [prismaCli, "generate", ...client.args], { cwd: root, env, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`Generating the ${client.label} Prisma client failed:\n${result.stdout}${result.stderr}`);
    fs.writeFileSync(marker, hash);
    generated.push(client.label);
  }
  return generated;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  try {
    const generated = generateClients({ onlyChanged: process.argv.includes("--changed") });
    console.log(generated.length > 0 ? `Generated the Prisma clients: ${generated.join(", ")}.` : "The Prisma clients are current.");
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
