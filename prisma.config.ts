import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { isPostgresUrl, resolveDatabaseUrl } from "./lib/database-url";

// This config serves the SQLite schema. For PostgreSQL the CLI would otherwise fail with an
// attempt to download a native engine, or worse act on the wrong database: say what to use.
if (isPostgresUrl(process.env.DATABASE_URL)) {
  throw new Error(
    "prisma.config.ts is for SQLite. With a PostgreSQL DATABASE_URL, migrate with `npm run db -- migrate` and " +
      "use `--config prisma/postgresql/prisma.config.ts` for `prisma generate` and `prisma migrate diff` (README, Database migrations).",
  );
}

// The schema's datasource reads DATABASE_URL; default it to the embedded SQLite file.
process.env.DATABASE_URL = resolveDatabaseUrl(process.env.DATABASE_URL);

// engine "js" runs Prisma's bundled WebAssembly schema engine through a driver adapter, so the
// CLI never downloads a native engine (DESIGN.md §4).
export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    return new PrismaBetterSQLite3({ url: process.env.DATABASE_URL! });
  },
});
