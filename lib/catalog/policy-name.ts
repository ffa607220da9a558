import type { Db } from "../db";
import { CatalogError } from "./errors";

/** Policy names are unique regardless of case: "MCP Policy" and "mcp policy" would confuse anyone. */
export async function assertPolicyNameFree(db: Db, name: string, exceptId?: string): Promise<void> {
  const candidates = await db.policy.findMany({ where: { id: exceptId ? { not: exceptId } : undefined }, select: { name: true } });
  const lower = name.toLowerCase();
  if (candidates.some((candidate) => candidate.name.toLowerCase() === lower)) {
    throw nameTaken(name);
  }
}

export function nameTaken(name: string): CatalogError {
  return new CatalogError("name_taken", `A policy named "${name}" already exists`, {
    issues: [{ path: "name", message: `A policy named "${name}" already exists; choose another name` }],
  });
}

/** Prisma reports a unique-constraint race as P2002; it means the name was taken meanwhile. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === "P2002";
}
