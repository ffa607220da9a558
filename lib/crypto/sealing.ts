import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Sealing of secrets at rest (client secrets of OAuth2 rules): AES-256-GCM with a random
 * 96-bit nonce per value. Format: `v1.<nonce>.<tag>.<ciphertext>`, each part base64url.
 * The key comes from GATEHOUSE_SEALING_KEY or the data directory (lib/server-secrets.ts).
 */
const VERSION = "v1";

export function parseSealingKey(encoded: string): Buffer {
  const key = Buffer.from(encoded, "base64");
  if (key.length !== 32) throw new Error("The sealing key must be 32 bytes, base64-encoded");
  return key;
}

export function seal(plaintext: string, key: Buffer, associatedData = ""): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, nonce.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
}

/** Opens a sealed value; throws when it was not sealed with this key (or was tampered with). */
export function unseal(sealed: string, key: Buffer, associatedData = ""): string {
  const [version, nonce, tag, ciphertext] = sealed.split(".");
  if (version !== VERSION || !nonce || !tag || ciphertext === undefined) throw new Error("Not a sealed value");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(nonce, "base64url"));
  decipher.setAAD(Buffer.from(associatedData, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}
