import { appContext } from "@/lib/app-context";
import { apiActor } from "@/lib/auth/api-actor";
import { createService } from "@/lib/catalog/create-service";
import { listServices } from "@/lib/catalog/list-services";
import { handleApi, json, readJson } from "@/lib/api/problem";

export async function GET(request: Request) {
  return handleApi(async () => {
    const query = new URL(request.url).searchParams.get("q") ?? "";
    return json({ services: await listServices(appContext(), await apiActor(request), query) });
  });
}

export async function POST(request: Request) {
  return handleApi(async () => {
    const actor = await apiActor(request);
    const service = await createService(appContext(), actor, await readJson(request));
    return json({ service }, 201, { location: `/api/v1/services/${service.id}` });
  });
}
