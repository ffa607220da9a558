import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

/** `gatehouse db …` on SQLite (tests/database/migrations.postgres.test.ts covers PostgreSQL). */
const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..", "..");
const directory = mkdtempSync(path.join(os.tmpdir(), "gatehouse-command-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function gatehouse(args: string[], databaseUrl: string) {
  return run(process.execPath, [path.join(root, "bin/gatehouse.mjs"), ...args], { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl } }).then(
    ({ stdout }) => ({ code: 0, output: stdout }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
  );
}

describe("gatehouse db on SQLite", () => {
  it("check fails on a new database file, migrate applies Prisma's migrations, then check passes", async () => {
    const url = `file:${path.join(directory, "gatehouse.db")}`;

    expect((await gatehouse(["db", "check"], url)).code).toBe(1);
    const migrated = await gatehouse(["db", "migrate"], url);
    expect(migrated.code).toBe(0);
    expect(migrated.output).toMatch(/successfully applied/);
    expect(await gatehouse(["db", "check"], url)).toEqual({ code: 0, output: "SQLite: reachable, every migration applied.\n" });
    expect((await gatehouse(["db", "status"], url)).output).toMatch(/Database schema is up to date/);
  });

  it("explains its commands, and refuses an unknown one", async () => {
    const url = `file:${path.join(directory, "unused.db")}`;
    expect((await gatehouse(["help"], url)).code).toBe(0);
    const unknown = await gatehouse(["db", "drop"], url);
    expect(unknown.code).toBe(2);
    expect(unknown.output).toMatch(/Unknown command "drop"[\s\S]*migrate/);
  });
});
