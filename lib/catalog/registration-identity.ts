import type { Prisma } from "@prisma/client";
import { CatalogError } from "./errors";
import { freeSlug, slugFromName } from "./server-slug";

/**
 * The name and slug of an MCP server or an API service are both unique among their kind: the
 * name for people (regardless of case, like policy names), the slug for URLs. The two kinds
 * live under different paths (/mcp/<slug>, /apis/<slug>/), so one slug may serve one of each.
 * These checks run inside the saving transaction.
 */
type Tx = Prisma.TransactionClient;

export type RegistrationKind = "server" | "service";

const WORDS = {
  server: { noun: "MCP server", path: (slug: string) => `/mcp/${slug}` },
  service: { noun: "API service", path: (slug: string) => `/apis/${slug}/` },
} as const;

function others(tx: Tx, kind: RegistrationKind, exceptId?: string): Promise<{ name: string; slug: string }[]> {
  const args = { where: exceptId ? { id: { not: exceptId } } : undefined, select: { name: true, slug: true } };
  return kind === "server" ? tx.mcpServer.findMany(args) : tx.apiService.findMany(args);
}

function nameTaken(kind: RegistrationKind, name: string): CatalogError {
  const message = `An ${WORDS[kind].noun} named "${name}" already exists`;
  return new CatalogError("name_taken", message, { issues: [{ path: "name", message: `${message}; choose another name` }] });
}

function slugTaken(kind: RegistrationKind, slug: string): CatalogError {
  const path = WORDS[kind].path(slug);
  return new CatalogError("name_taken", `Another ${WORDS[kind].noun} is reached at ${path}`, {
    issues: [{ path: "slug", message: `${path} is taken by another ${kind}; choose another slug` }],
  });
}

export async function assertNameFree(tx: Tx, kind: RegistrationKind, name: string, exceptId?: string): Promise<void> {
  const lower = name.toLowerCase();
  if ((await others(tx, kind, exceptId)).some((other) => other.name.toLowerCase() === lower)) throw nameTaken(kind, name);
}

/**
 * The slug to store: the requested one when it is free (refused when taken); else, for a new
 * registration, one derived from the name and made unique with a number; else the current one.
 */
export async function resolveSlug(tx: Tx, kind: RegistrationKind, requested: string | undefined, name: string, current?: { id: string; slug: string }): Promise<string> {
  if (requested === undefined && current) return current.slug;
  const taken = new Set((await others(tx, kind, current?.id)).map((other) => other.slug));
  if (requested === undefined) return freeSlug(slugFromName(name), taken);
  if (taken.has(requested)) throw slugTaken(kind, requested);
  return requested;
}

/** A unique-constraint race (P2002) means the name or the slug was taken meanwhile: say which. */
export async function explainUniqueViolation(tx: Tx, kind: RegistrationKind, registration: { name: string; slug: string }, exceptId?: string): Promise<CatalogError> {
  const args = { where: { slug: registration.slug }, select: { id: true } };
  const slugOwner = kind === "server" ? await tx.mcpServer.findUnique(args) : await tx.apiService.findUnique(args);
  if (slugOwner && slugOwner.id !== exceptId) return slugTaken(kind, registration.slug);
  return nameTaken(kind, registration.name);
}
