import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import { isPostgresUrl } from "../../lib/database-url";

// The Prisma CLI for the PostgreSQL schema: `prisma generate` and `prisma migrate diff` only
// (`--config prisma/postgresql/prisma.config.ts`). The wasm schema engine cannot apply migrations
// to PostgreSQL (DESIGN.md §4); scripts/db/postgres-migrations.mjs does that.
//
// The CLI picks its engine from the URL in the datasource block: given the embedded default
// (a file: URL) with provider "postgresql", it tries to download a native query engine. Neither
// command connects, so a PostgreSQL-shaped placeholder stands in when no PostgreSQL URL is set.
if (!isPostgresUrl(process.env.DATABASE_URL)) process.env.DATABASE_URL = "postgresql://localhost/gatehouse";

export default defineConfig({
  schema: path.join(import.meta.dirname, "schema.prisma"),
  migrations: { path: path.join(import.meta.dirname, "migrations") },
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    return new PrismaPg({ connectionString: process.env.DATABASE_URL! });
  },
});
