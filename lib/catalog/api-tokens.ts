import { digestsEqual, displayPrefix, generateSecretToken, sha256Hex } from "../crypto/secret-token";
import { requireAdmin, requireActor, type Actor, type ConsoleRole } from "./actor";
import { createApiTokenInput } from "./api-token-schema";
import { nowOf, type CatalogContext } from "./context";
import { CatalogError, parseOrThrow } from "./errors";

/**
 * Tokens for the REST API (/api/v1), created in the console. The token is shown once; only
 * its SHA-256 hash is stored. A token acts with its own role on behalf of its creator.
 */
export const API_TOKEN_PREFIX = "ght";

export type ApiTokenView = {
  id: string;
  name: string;
  prefix: string;
  role: ConsoleRole;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
};

type TokenRecord = {
  id: string;
  name: string;
  prefix: string;
  role: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  createdBy: { email: string };
};

function toView(token: TokenRecord): ApiTokenView {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    role: token.role as ConsoleRole,
    createdBy: token.createdBy.email,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    expiresAt: token.expiresAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
  };
}

export async function createApiToken(ctx: CatalogContext, actor: Actor | null, input: unknown): Promise<{ token: ApiTokenView; secret: string }> {
  const admin = requireAdmin(actor);
  const parsed = parseOrThrow(createApiTokenInput, input);
  const secret = generateSecretToken(API_TOKEN_PREFIX);
  const now = nowOf(ctx);
  const record = await ctx.db.apiToken.create({
    data: {
      name: parsed.name,
      role: parsed.role,
      prefix: displayPrefix(secret),
      hash: sha256Hex(secret),
      createdById: admin.userId,
      expiresAt: parsed.expiresInDays === null ? null : new Date(now.getTime() + parsed.expiresInDays * 86_400_000),
    },
    include: { createdBy: { select: { email: true } } },
  });
  return { token: toView(record), secret };
}

export async function listApiTokens(ctx: CatalogContext, actor: Actor | null): Promise<ApiTokenView[]> {
  requireActor(actor);
  const tokens = await ctx.db.apiToken.findMany({ orderBy: { createdAt: "desc" }, include: { createdBy: { select: { email: true } } } });
  return tokens.map(toView);
}

export async function revokeApiToken(ctx: CatalogContext, actor: Actor | null, id: string): Promise<void> {
  requireAdmin(actor);
  const token = await ctx.db.apiToken.findUnique({ where: { id } });
  if (!token) throw new CatalogError("not_found", "This token does not exist (any more)");
  if (!token.revokedAt) await ctx.db.apiToken.update({ where: { id }, data: { revokedAt: nowOf(ctx) } });
}

/** The actor behind a bearer token, or null when it is unknown, revoked or expired. */
export async function authenticateApiToken(ctx: CatalogContext, secret: string): Promise<Actor | null> {
  if (!secret.startsWith(`${API_TOKEN_PREFIX}_`)) return null;
  const hash = sha256Hex(secret);
  const token = await ctx.db.apiToken.findUnique({ where: { hash }, include: { createdBy: true } });
  // The lookup is by hash; compare once more in constant time so timing says nothing about the stored value.
  if (!token || !digestsEqual(token.hash, hash)) return null;
  const now = nowOf(ctx);
  if (token.revokedAt || (token.expiresAt && token.expiresAt <= now)) return null;
  // A token acts with at most its creator's current role: a demoted creator demotes the token.
  const role: ConsoleRole = token.role === "admin" && token.createdBy.role === "admin" ? "admin" : "viewer";
  await ctx.db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now } });
  return { userId: token.createdById, email: token.createdBy.email, role, via: "api-token" };
}
