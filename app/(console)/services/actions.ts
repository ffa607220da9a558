"use server";

import { appContext } from "@/lib/app-context";
import { currentActor } from "@/lib/auth/current-actor";
import { createService } from "@/lib/catalog/create-service";
import { deleteService } from "@/lib/catalog/delete-service";
import { updateService } from "@/lib/catalog/update-service";
import { runAction } from "@/lib/console/action-result";

/** Thin edges: who is calling → the use case (which checks the role and validates) → result. */
export async function saveServiceAction(id: string | null, input: unknown) {
  return runAction(async () => {
    const actor = await currentActor();
    return id ? updateService(appContext(), actor, id, input) : createService(appContext(), actor, input);
  });
}

export async function deleteServiceAction(id: string) {
  return runAction(async () => deleteService(appContext(), await currentActor(), id));
}
