import { CatalogError } from "./errors";

export const CONSOLE_ROLES = ["admin", "viewer"] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

/** Who is calling a use case: a signed-in person or an API token acting for one. */
export type Actor = { userId: string; email: string; role: ConsoleRole; via: "session" | "api-token" };

/**
 * Every use case that changes something calls this first, so no framework edge (server
 * action, API route) can forget the check; hiding a button is not a check.
 */
export function requireAdmin(actor: Actor | null | undefined): Actor {
  if (!actor) throw new CatalogError("unauthorized", "Sign in to continue");
  if (actor.role !== "admin") throw new CatalogError("forbidden", "Your role (viewer) can look but not change anything; ask an admin");
  return actor;
}

export function requireActor(actor: Actor | null | undefined): Actor {
  if (!actor) throw new CatalogError("unauthorized", "Sign in to continue");
  return actor;
}
