import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { derivePostgresSchema, POSTGRES_SCHEMA, SQLITE_SCHEMA } from "../../scripts/db/postgres-schema.mjs";

const sqlite = readFileSync(SQLITE_SCHEMA, "utf8");

describe("the PostgreSQL schema derived from prisma/schema.prisma", () => {
  it("is committed up to date (else: npm run db -- schema, then add a PostgreSQL migration)", () => {
    expect(readFileSync(POSTGRES_SCHEMA, "utf8")).toBe(derivePostgresSchema(sqlite));
  });

  it("differs only in the provider, the client's location and a header", () => {
    const derived = derivePostgresSchema(sqlite);
    expect(derived).toMatch(/provider = "postgresql"/);
    expect(derived).not.toMatch(/"sqlite"/);
    expect(derived).toMatch(/output\s+= "\.\.\/\.\.\/node_modules\/\.prisma\/client-postgresql"/);
    const body = (schema: string) =>
      schema
        .split("\n")
        .filter((line) => !line.startsWith("// GENERATED") && !/^\s*(provider\s*=\s*"(sqlite|postgresql)"|output\s*=)/.test(line))
        .join("\n");
    expect(body(derived)).toContain(body(sqlite));
  });

  it("refuses a native column type, which would not carry over", () => {
    const withNativeType = sqlite.replace(/name\s+String\s+@unique/, 'name String @unique @db.VarChar(200)');
    expect(withNativeType).not.toBe(sqlite);
    expect(() => derivePostgresSchema(withNativeType)).toThrow(/native type/);
  });

  it("refuses a schema whose provider it cannot find", () => {
    expect(() => derivePostgresSchema(sqlite.replace('provider = "sqlite"', 'provider = "mysql"'))).toThrow(/provider = "sqlite"/);
  });
});
