import type { Env } from "../env";
import type { CatalogContext } from "./context";
import { createFirstAdmin, needsFirstAdmin } from "./create-first-admin";

/**
 * GATEHOUSE_ADMIN_EMAIL and GATEHOUSE_ADMIN_PASSWORD create the first admin at start, for
 * installations set up by automation; they do nothing once any user exists.
 */
export async function ensureAdminFromEnv(ctx: CatalogContext, env: Pick<Env, "GATEHOUSE_ADMIN_EMAIL" | "GATEHOUSE_ADMIN_PASSWORD">): Promise<string | null> {
  const email = env.GATEHOUSE_ADMIN_EMAIL;
  const password = env.GATEHOUSE_ADMIN_PASSWORD;
  if (!email || !password || !(await needsFirstAdmin(ctx))) return null;
  const admin = await createFirstAdmin(ctx, { email, password, name: "" });
  return admin.email;
}
