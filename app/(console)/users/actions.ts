"use server";

import { appContext } from "@/lib/app-context";
import { currentActor } from "@/lib/auth/current-actor";
import { addUser } from "@/lib/catalog/add-user";
import { changeUserRole } from "@/lib/catalog/change-user-role";
import { removeUser } from "@/lib/catalog/remove-user";
import { runAction } from "@/lib/console/action-result";

/** Thin edges: who is calling → the use case (which checks the role and validates) → result. */
export async function addUserAction(input: unknown) {
  return runAction(async () => addUser(appContext(), await currentActor(), input));
}

export async function changeUserRoleAction(userId: string, input: unknown) {
  return runAction(async () => changeUserRole(appContext(), await currentActor(), userId, input));
}

export async function removeUserAction(userId: string) {
  return runAction(async () => removeUser(appContext(), await currentActor(), userId));
}
