import { appContext } from "@/lib/app-context";
import { apiActor } from "@/lib/auth/api-actor";
import { createServer } from "@/lib/catalog/create-server";
import { listServers } from "@/lib/catalog/list-servers";
import { handleApi, json, readJson } from "@/lib/api/problem";

export async function GET(request: Request) {
  return handleApi(async () => {
    const query = new URL(request.url).searchParams.get("q") ?? "";
    return json({ servers: await listServers(appContext(), await apiActor(request), query) });
  });
}

export async function POST(request: Request) {
  return handleApi(async () => {
    const actor = await apiActor(request);
    const server = await createServer(appContext(), actor, await readJson(request));
    return json({ server }, 201, { location: `/api/v1/servers/${server.id}` });
  });
}
