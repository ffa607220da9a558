import { appContext } from "@/lib/app-context";
import { apiActor } from "@/lib/auth/api-actor";
import { testServerConnection } from "@/lib/catalog/test-server-connection";
import { handleApi, json } from "@/lib/api/problem";

/** Runs initialize and tools/list against the saved server's upstream; the outcome is in the body, either way. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handleApi(async () => {
    const actor = await apiActor(request);
    return json({ result: await testServerConnection(appContext(), actor, { serverId: (await params).id }) });
  });
}
