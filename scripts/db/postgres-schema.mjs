// Derives prisma/postgresql/schema.prisma from prisma/schema.prisma. Prisma generates one client
// per datasource provider, so PostgreSQL needs a schema of its own; deriving it (rather than
// keeping a hand-edited copy) means the two can only differ in the provider and where the
// client is generated. `node scripts/db/postgres-schema.mjs` writes it; `--check` exits 1 when
// the committed file is stale (tests/database/postgres-schema.test.ts runs the same comparison).
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = path.resolve(import.meta.dirname, "..", "..");
export const SQLITE_SCHEMA = path.join(root, "prisma", "schema.prisma");
export const POSTGRES_SCHEMA = path.join(root, "prisma", "postgresql", "schema.prisma");

/**
 * Where the PostgreSQL client is generated, relative to prisma/postgresql/. Under
 * node_modules/.prisma like the default client: npm leaves dot-directories in node_modules
 * alone when it prunes, and the generated code finds its wasm query compiler next to itself,
 * so it must be loaded from disk, not bundled. lib/db.ts imports it as ".prisma/client-postgresql".
 */
const CLIENT_OUTPUT = "../../node_modules/.prisma/client-postgresql";

const HEADER = `// GENERATED from prisma/schema.prisma by scripts/db/postgres-schema.mjs: do not edit.
// Change prisma/schema.prisma, then run \`npm run db -- schema\` and add a PostgreSQL migration
// (README, "Database migrations").

`;

function replaceOnce(text, pattern, replace, what) {
  const matches = text.match(new RegExp(pattern.source, `${pattern.flags.replace("g", "")}g`)) ?? [];
  if (matches.length !== 1) throw new Error(`prisma/schema.prisma: expected exactly one ${what}, found ${matches.length}`);
  return text.replace(pattern, replace);
}

/** The PostgreSQL schema for a given SQLite schema text. Pure, so a test can call it. */
export function derivePostgresSchema(sqliteSchema) {
  // Native column types (@db.*) are provider-specific; the SQLite schema promises to use none.
  if (/@db\./.test(sqliteSchema)) throw new Error("prisma/schema.prisma uses a native type (@db.…): it would not carry over to PostgreSQL");
  if (/^\s*output\s*=/m.test(sqliteSchema)) throw new Error("prisma/schema.prisma sets a generator output; the derivation expects the default client location");
  let schema = replaceOnce(
    sqliteSchema,
    /(datasource\s+db\s*\{[^}]*?provider\s*=\s*)"sqlite"/,
    '$1"postgresql"',
    'datasource block with provider = "sqlite"',
  );
  schema = replaceOnce(
    schema,
    /(generator\s+client\s*\{[^}]*?provider\s*=\s*"prisma-client-js"[^\n]*\n)/,
    `$1  output     = "${CLIENT_OUTPUT}"\n`,
    'generator block with provider = "prisma-client-js"',
  );
  return HEADER + schema;
}

function main(argv) {
  const derived = derivePostgresSchema(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
  const current = fs.existsSync(POSTGRES_SCHEMA) ? fs.readFileSync(POSTGRES_SCHEMA, "utf8") : undefined;
  if (argv.includes("--check")) {
    if (current !== derived) {
      console.error("prisma/postgresql/schema.prisma is stale: run `npm run db -- schema` and add a PostgreSQL migration.");
      process.exit(1);
    }
    console.log("prisma/postgresql/schema.prisma is current.");
    return;
  }
  if (current === derived) return;
  fs.mkdirSync(path.dirname(POSTGRES_SCHEMA), { recursive: true });
  fs.writeFileSync(POSTGRES_SCHEMA, derived);
  console.log("Wrote prisma/postgresql/schema.prisma.");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) main(process.argv.slice(2));
