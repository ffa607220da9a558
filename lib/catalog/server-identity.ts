import type { Prisma } from "@prisma/client";
import { CatalogError } from "./errors";
import { freeSlug, slugFromName } from "./server-slug";

/**
 * A server's name and slug are both unique: the name for people (regardless of case, like
 * policy names), the slug for URLs. These checks run inside the saving transaction.
 */
type Tx = Prisma.TransactionClient;

function serverNameTaken(name: string): CatalogError {
  return new CatalogError("name_taken", `An MCP server named "${name}" already exists`, {
    issues: [{ path: "name", message: `An MCP server named "${name}" already exists; choose another name` }],
  });
}

function serverSlugTaken(slug: string): CatalogError {
  return new CatalogError("name_taken", `Another MCP server is reached at /mcp/${slug}`, {
    issues: [{ path: "slug", message: `/mcp/${slug} is taken by another server; choose another slug` }],
  });
}

export async function assertServerNameFree(tx: Tx, name: string, exceptId?: string): Promise<void> {
  const others = await tx.mcpServer.findMany({ where: exceptId ? { id: { not: exceptId } } : undefined, select: { name: true } });
  const lower = name.toLowerCase();
  if (others.some((other) => other.name.toLowerCase() === lower)) throw serverNameTaken(name);
}

/**
 * The slug to store: the requested one when it is free (refused when taken); else, for a new
 * server, one derived from the name and made unique with a number; else the current one.
 */
export async function resolveServerSlug(tx: Tx, requested: string | undefined, name: string, current?: { id: string; slug: string }): Promise<string> {
  if (requested === undefined && current) return current.slug;
  const others = await tx.mcpServer.findMany({ where: current ? { id: { not: current.id } } : undefined, select: { slug: true } });
  const taken = new Set(others.map((other) => other.slug));
  if (requested === undefined) return freeSlug(slugFromName(name), taken);
  if (taken.has(requested)) throw serverSlugTaken(requested);
  return requested;
}

/** A unique-constraint race (P2002) means the name or the slug was taken meanwhile: say which. */
export async function explainServerUniqueViolation(tx: Tx, server: { name: string; slug: string }, exceptId?: string): Promise<CatalogError> {
  const slugOwner = await tx.mcpServer.findUnique({ where: { slug: server.slug }, select: { id: true } });
  if (slugOwner && slugOwner.id !== exceptId) return serverSlugTaken(server.slug);
  return serverNameTaken(server.name);
}
