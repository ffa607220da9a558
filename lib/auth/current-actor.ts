import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { appContext } from "../app-context";
import type { Actor, ConsoleRole } from "../catalog/actor";
import { authOptions } from "./auth-options";

/**
 * The signed-in person, read fresh from the database on every call so that a changed role
 * or a removed account takes effect at once, not when the session cookie expires.
 */
export async function currentActor(): Promise<Actor | null> {
  const session = (await getServerSession(authOptions())) as { userId?: unknown } | null;
  if (typeof session?.userId !== "string") return null;
  const user = await appContext().db.user.findUnique({ where: { id: session.userId } });
  if (!user) return null;
  return { userId: user.id, email: user.email, role: user.role as ConsoleRole, via: "session" };
}

/** For console pages: the signed-in person, or a redirect to the sign-in page. */
export async function requireSignedIn(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect("/login");
  return actor;
}
