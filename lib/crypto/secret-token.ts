import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Random bearer secrets (API keys, REST API tokens). 32 random bytes make brute force
 * hopeless, so a fast SHA-256 is the right hash to store (as GitHub and unkey do); a slow
 * password hash would only cost latency on every request.
 */
export function generateSecretToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString("base64url")}`;
}

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

/** Compares two hex digests in constant time. */
export function digestsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** The part of a token shown in lists to recognise it: the prefix and the first characters. */
export function displayPrefix(token: string): string {
  const separator = token.indexOf("_");
  return token.slice(0, separator + 1 + 6);
}
