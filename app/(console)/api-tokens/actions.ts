"use server";

import { appContext } from "@/lib/app-context";
import { currentActor } from "@/lib/auth/current-actor";
import { createApiToken, revokeApiToken } from "@/lib/catalog/api-tokens";
import { runAction } from "@/lib/console/action-result";

/** Thin edges: who is calling → the use case (which checks the role and validates) → result. */
export async function createApiTokenAction(input: unknown) {
  return runAction(async () => createApiToken(appContext(), await currentActor(), input));
}

export async function revokeApiTokenAction(id: string) {
  return runAction(async () => revokeApiToken(appContext(), await currentActor(), id));
}
