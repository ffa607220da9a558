import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** A migrated, empty SQLite database; tests copy it instead of migrating again. */
    templateDatabasePath: string;
  }
}

const projectRoot = path.resolve(import.meta.dirname, "..", "..");

/**
 * Migrates one template database with the real Prisma CLI (the same `migrate deploy` that
 * production runs), so the tests exercise the committed migrations, not a pushed schema.
 */
export default function setup(project: TestProject): () => void {
  if (!process.env.TEST_DATABASE_URL?.trim()) {
    console.warn(
      "TEST_DATABASE_URL is not set: the catalog tests run on SQLite only, their PostgreSQL variant (project integration-postgres) is skipped. " +
        "Set it to a server where test databases may be created, e.g. TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres.",
    );
  }
  const directory = mkdtempSync(path.join(os.tmpdir(), "gatehouse-template-"));
  const file = path.join(directory, "template.db");
  execFileSync(process.execPath, [path.join(projectRoot, "node_modules", "prisma", "build", "index.js"), "migrate", "deploy"], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: `file:${file}` },
    stdio: "pipe",
  });
  project.provide("templateDatabasePath", file);
  return () => rmSync(directory, { recursive: true, force: true });
}
