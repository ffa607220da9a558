"use server";

import { appContext } from "@/lib/app-context";
import { currentActor } from "@/lib/auth/current-actor";
import { createServer } from "@/lib/catalog/create-server";
import { deleteServer } from "@/lib/catalog/delete-server";
import { testServerConnection } from "@/lib/catalog/test-server-connection";
import { updateServer } from "@/lib/catalog/update-server";
import { runAction } from "@/lib/console/action-result";

/** Thin edges: who is calling → the use case (which checks the role and validates) → result. */
export async function saveServerAction(id: string | null, input: unknown) {
  return runAction(async () => {
    const actor = await currentActor();
    return id ? updateServer(appContext(), actor, id, input) : createServer(appContext(), actor, input);
  });
}

export async function deleteServerAction(id: string) {
  return runAction(async () => deleteServer(appContext(), await currentActor(), id));
}

/** Tests the form as it is, saved or not: its upstream URL and timeout. */
export async function testConnectionAction(settings: { upstreamUrl: unknown; timeoutSeconds: unknown }) {
  return runAction(async () =>
    testServerConnection(appContext(), await currentActor(), { upstreamUrl: settings?.upstreamUrl, timeoutSeconds: settings?.timeoutSeconds }),
  );
}
