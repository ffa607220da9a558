import { RateLimiterMemory } from "rate-limiter-flexible";
import { dummyPasswordHash, verifyPassword } from "../crypto/password";
import type { Actor, ConsoleRole } from "./actor";
import type { CatalogContext } from "./context";
import { CatalogError } from "./errors";
import { tooManyAttempts } from "./too-many-attempts";

/**
 * Checks a console sign-in. Failed attempts are throttled twice over: 5 per account and
 * address per 15 minutes (guessing one password), 50 per address per hour (spraying many
 * accounts). Unknown emails cost as much time as wrong passwords.
 */
const perAccount = new RateLimiterMemory({ keyPrefix: "login-account", points: 5, duration: 15 * 60 });
const perAddress = new RateLimiterMemory({ keyPrefix: "login-address", points: 50, duration: 60 * 60 });

async function assertNotBlocked(accountKey: string, address: string): Promise<void> {
  const [account, addr] = await Promise.all([perAccount.get(accountKey), perAddress.get(address)]);
  if (account && account.remainingPoints <= 0) throw tooManyAttempts("failed sign-ins", account);
  if (addr && addr.remainingPoints <= 0) throw tooManyAttempts("failed sign-ins", addr);
}

async function recordFailure(accountKey: string, address: string): Promise<void> {
  await Promise.all([perAccount.penalty(accountKey, 1), perAddress.penalty(address, 1)]);
}

export async function signIn(ctx: CatalogContext, email: string, password: string, address: string): Promise<Actor> {
  const normalisedEmail = email.trim().toLowerCase();
  const accountKey = `${normalisedEmail}|${address}`;
  await assertNotBlocked(accountKey, address);

  const user = normalisedEmail ? await ctx.db.user.findUnique({ where: { email: normalisedEmail } }) : null;
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  if (!user || !valid) {
    await recordFailure(accountKey, address);
    throw new CatalogError("unauthorized", "Wrong email or password");
  }
  await perAccount.delete(accountKey);
  await ctx.db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return { userId: user.id, email: user.email, role: user.role as ConsoleRole, via: "session" };
}
