import type { Env } from "../env";
import type { CatalogContext } from "./context";
import { createFirstAdmin, needsFirstAdmin } from "./create-first-admin";

/**
 * GATEHOUSE_ADMIN_EMAIL and GATEHOUSE_ADMIN_PASSWORD create the first admin at start, for
 * installations set up by automation; they do nothing once any user exists, also when another
 * instance created it a moment ago.
 */
export async function ensureAdminFromEnv(ctx: CatalogContext, env: Pick<Env, "GATEHOUSE_ADMIN_EMAIL" | "GATEHOUSE_ADMIN_PASSWORD">): Promise<string | null> {
  const email = env.GATEHOUSE_ADMIN_EMAIL;
  const password = env.GATEHOUSE_ADMIN_PASSWORD;
  if (!email || !password || !(await needsFirstAdmin(ctx))) return null;
  try {
    const admin = await createFirstAdmin(ctx, { email, password, name: "" });
    return admin.email;
  } catch (error) {
    // Instances started together on one database race for the first admin: the one that
    // loses (refused as set up, or by the unique email) starts like any later instance.
    if (!(await needsFirstAdmin(ctx))) return null;
    throw error;
  }
}
