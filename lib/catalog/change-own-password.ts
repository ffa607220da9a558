import { RateLimiterMemory } from "rate-limiter-flexible";
import { hashPassword, verifyPassword } from "../crypto/password";
import { requireActor, type Actor } from "./actor";
import type { CatalogContext } from "./context";
import { CatalogError, parseOrThrow, validationFailed } from "./errors";
import { tooManyAttempts } from "./too-many-attempts";
import { changeOwnPasswordInput } from "./user-schema";

/**
 * Wrong current passwords are throttled like sign-ins (5 per account per 15 minutes): a
 * session left open must not become a way to guess the password it was opened with.
 */
const wrongCurrentPassword = new RateLimiterMemory({ keyPrefix: "password-change", points: 5, duration: 15 * 60 });

/**
 * A console user changes their own password, e.g. the one-time initial password an admin
 * handed over. Only from a console session, and only with the current password: an API token
 * or a borrowed session alone cannot take over the account.
 */
export async function changeOwnPassword(ctx: CatalogContext, actor: Actor | null, input: unknown): Promise<void> {
  const { userId, via } = requireActor(actor);
  if (via !== "session") throw new CatalogError("forbidden", "Passwords are changed in the console, not with an API token");
  const parsed = parseOrThrow(changeOwnPasswordInput, input);

  const blocked = await wrongCurrentPassword.get(userId);
  if (blocked && blocked.remainingPoints <= 0) throw tooManyAttempts("wrong passwords", blocked);
  const user = await ctx.db.user.findUnique({ where: { id: userId } });
  if (!user) throw new CatalogError("unauthorized", "Your account no longer exists");
  if (!(await verifyPassword(user.passwordHash, parsed.currentPassword))) {
    await wrongCurrentPassword.penalty(userId, 1);
    throw validationFailed([{ path: "currentPassword", message: "This is not your current password" }]);
  }
  if (parsed.newPassword === parsed.currentPassword) {
    throw validationFailed([{ path: "newPassword", message: "Choose a password different from the current one" }]);
  }
  await wrongCurrentPassword.delete(userId);
  await ctx.db.user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(parsed.newPassword) } });
}
