import { appContext } from "@/lib/app-context";
import { apiActor } from "@/lib/auth/api-actor";
import { deleteService } from "@/lib/catalog/delete-service";
import { getServiceOrThrow } from "@/lib/catalog/get-service-or-throw";
import { updateService } from "@/lib/catalog/update-service";
import { handleApi, json, readJson } from "@/lib/api/problem";

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Context) {
  return handleApi(async () => json({ service: await getServiceOrThrow(appContext(), await apiActor(request), (await params).id) }));
}

export async function PUT(request: Request, { params }: Context) {
  return handleApi(async () => {
    const actor = await apiActor(request);
    return json({ service: await updateService(appContext(), actor, (await params).id, await readJson(request)) });
  });
}

export async function DELETE(request: Request, { params }: Context) {
  return handleApi(async () => {
    await deleteService(appContext(), await apiActor(request), (await params).id);
    return new Response(null, { status: 204 });
  });
}
