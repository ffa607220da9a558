"use server";

import { appContext } from "@/lib/app-context";
import { createFirstAdmin } from "@/lib/catalog/create-first-admin";
import { runAction } from "@/lib/console/action-result";

export async function createFirstAdminAction(input: { email: string; name: string; password: string }) {
  return runAction(async () => {
    const admin = await createFirstAdmin(appContext(), input);
    return { email: admin.email };
  });
}
