import { hash, verify } from "@node-rs/argon2";

/**
 * Console passwords are hashed with argon2id (memory-hard, RFC 9106) using the OWASP
 * recommended minimum parameters: 19 MiB, 2 iterations, 1 lane.
 */
const OPTIONS = { // 2 is Algorithm.Argon2id (a const enum, which isolated modules cannot import).
  algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export { PASSWORD_MIN_LENGTH } from "./password-policy";

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * A hash of a random password, verified against when the email is unknown, so that a login
 * attempt takes as long whether or not the account exists.
 */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomUUID());
  return dummyHash;
}
