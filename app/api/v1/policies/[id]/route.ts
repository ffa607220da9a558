import { appContext } from "@/lib/app-context";
import { apiActor } from "@/lib/auth/api-actor";
import { deletePolicy } from "@/lib/catalog/delete-policy";
import { getPolicyOrThrow } from "@/lib/catalog/get-policy-or-throw";
import { updatePolicy } from "@/lib/catalog/update-policy";
import { handleApi, json, readJson } from "@/lib/api/problem";

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Context) {
  return handleApi(async () => json({ policy: await getPolicyOrThrow(appContext(), await apiActor(request), (await params).id) }));
}

export async function PUT(request: Request, { params }: Context) {
  return handleApi(async () => {
    const actor = await apiActor(request);
    return json(await updatePolicy(appContext(), actor, (await params).id, await readJson(request)));
  });
}

export async function DELETE(request: Request, { params }: Context) {
  return handleApi(async () => {
    await deletePolicy(appContext(), await apiActor(request), (await params).id);
    return new Response(null, { status: 204 });
  });
}
