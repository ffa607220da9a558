import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { resolveDatabaseUrl } from "./lib/database-url";

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
