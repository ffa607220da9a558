"use server";

import { appContext } from "@/lib/app-context";
import { currentActor } from "@/lib/auth/current-actor";
import { changeOwnPassword } from "@/lib/catalog/change-own-password";
import { runAction } from "@/lib/console/action-result";

/** Thin edge: who is calling → the use case (which checks the current password and validates) → result. */
export async function changeOwnPasswordAction(input: unknown) {
  return runAction(async () => changeOwnPassword(appContext(), await currentActor(), input));
}
