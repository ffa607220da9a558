import { randomUUID } from "node:crypto";
import { displayPrefix, generateSecretToken, sha256Hex } from "../crypto/secret-token";
import { API_KEY_FORMAT_PREFIX, type ApiKeyEntry } from "../policy/rules/api-key-authenticator";
import type { FieldIssue } from "./errors";

/**
 * The keys of an API Key Authenticator. The server generates every key (a client can never
 * choose one or plant a hash), returns it once, and stores its SHA-256 hash and a short
 * prefix. Whatever a client sends in `prefix`, `hash`, `createdAt` or `revokedAt` is ignored.
 */

export type StoredApiKey = {
  id: string;
  description: string;
  roles: string[];
  expiresAt: string | null;
  prefix: string;
  hash: string;
  createdAt: string;
  revokedAt: string | null;
};

/** A key issued by a save: the only time its value is ever available. */
export type IssuedApiKey = { ruleId: string; keyId: string; description: string; key: string };

/** An API key as the console and the REST API see it: no hash. */
export type ApiKeyView = Omit<StoredApiKey, "hash">;

export function reconcileApiKeys(
  input: ApiKeyEntry[],
  previous: StoredApiKey[],
  now: Date,
  pathPrefix: string,
): { keys: StoredApiKey[]; issued: { keyId: string; description: string; key: string }[]; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const issued: { keyId: string; description: string; key: string }[] = [];
  const byId = new Map(previous.map((key) => [key.id, key]));
  const keys: StoredApiKey[] = [];
  const seenIds = new Set<string>();

  input.forEach((entry, index) => {
    const path = `${pathPrefix}.${index}`;
    const stored = entry.id ? byId.get(entry.id) : undefined;
    if (entry.id && !stored) {
      issues.push({ path: `${path}.id`, message: "This key does not exist (any more); reload the policy" });
      return;
    }
    // A second entry for the same key would keep its old hash or revocation beside the new one.
    if (entry.id && seenIds.has(entry.id)) {
      issues.push({ path: `${path}.id`, message: "This key is listed twice; keep one entry" });
      return;
    }
    if (entry.id) seenIds.add(entry.id);
    // Compared as stored (ISO 8601 in UTC), so the same instant written another way is no change.
    const expiresAt = entry.expiresAt ? new Date(entry.expiresAt).toISOString() : null;
    const expirationChanged = !stored || stored.expiresAt !== expiresAt;
    if (expiresAt && expirationChanged && new Date(expiresAt).getTime() <= now.getTime()) {
      issues.push({ path: `${path}.expiresAt`, message: "The expiration date must be in the future" });
      return;
    }
    const base = {
      description: entry.description,
      roles: entry.roles,
      expiresAt,
    };
    if (!stored || (entry.rotate && !stored.revokedAt)) {
      const key = generateSecretToken(API_KEY_FORMAT_PREFIX);
      const id = stored?.id ?? randomUUID();
      keys.push({ id, ...base, prefix: displayPrefix(key), hash: sha256Hex(key), createdAt: now.toISOString(), revokedAt: null });
      issued.push({ keyId: id, description: entry.description, key });
      return;
    }
    // Revocation is for good: a revoked key never comes back, whatever the input says.
    const revokedAt = stored.revokedAt ?? (entry.revoked ? now.toISOString() : null);
    keys.push({ ...stored, ...base, revokedAt });
  });
  return { keys, issued, issues };
}

export function viewApiKeys(keys: StoredApiKey[]): ApiKeyView[] {
  return keys.map(({ hash: _hash, ...view }) => view);
}
