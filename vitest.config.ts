import path from "node:path";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

/**
 * The PostgreSQL server that the "integration-postgres" project makes its databases on, e.g.
 * postgresql://postgres@127.0.0.1:5432/postgres. Read here, not in lib/env.ts, because it
 * shapes the test run, not the app. Without it that project is left out, so `npm test` passes on
 * a machine without PostgreSQL, and tests/helpers/global-setup.ts says so in the output.
 */
const testDatabaseUrl = process.env.TEST_DATABASE_URL?.trim();

/**
 * The catalog's use cases again, on PostgreSQL: the same test files, with createTempDatabase()
 * handing out PostgreSQL databases, so that a new catalog test runs on both providers without
 * being written twice. *.postgres.test.ts files test the PostgreSQL tooling itself.
 */
const postgresProject: TestProjectInlineConfiguration = {
  extends: true,
  test: {
    name: "integration-postgres",
    include: ["tests/catalog/**/*.test.ts", "tests/**/*.postgres.test.ts"],
    environment: "node",
    globalSetup: ["tests/helpers/postgres-global-setup.ts"],
    provide: { databaseProvider: "postgresql" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    // After the other projects instead of beside them, so that it does not compete with the
    // gateway tests' servers for the two cores.
    sequence: { groupOrder: 1 },
  },
};

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["lib/**/*.test.ts"], environment: "node" },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/**/*.test.ts"],
          exclude: ["tests/**/*.postgres.test.ts"],
          environment: "node",
          globalSetup: ["tests/helpers/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Integration tests start real servers and databases; run files one at a time so
          // two files never race for the same resources on a two-core machine.
          fileParallelism: false,
        },
      },
      ...(testDatabaseUrl ? [postgresProject] : []),
    ],
  },
});
