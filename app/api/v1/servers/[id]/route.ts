import { appContext } from "@/lib/app-context";
import { apiActor } from "@/lib/auth/api-actor";
import { deleteServer } from "@/lib/catalog/delete-server";
import { getServerOrThrow } from "@/lib/catalog/get-server-or-throw";
import { updateServer } from "@/lib/catalog/update-server";
import { handleApi, json, readJson } from "@/lib/api/problem";

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Context) {
  return handleApi(async () => json({ server: await getServerOrThrow(appContext(), await apiActor(request), (await params).id) }));
}

export async function PUT(request: Request, { params }: Context) {
  return handleApi(async () => {
    const actor = await apiActor(request);
    return json({ server: await updateServer(appContext(), actor, (await params).id, await readJson(request)) });
  });
}

export async function DELETE(request: Request, { params }: Context) {
  return handleApi(async () => {
    await deleteServer(appContext(), await apiActor(request), (await params).id);
    return new Response(null, { status: 204 });
  });
}
