import { appContext } from "@/lib/app-context";
import { apiActor } from "@/lib/auth/api-actor";
import { createPolicy } from "@/lib/catalog/create-policy";
import { listPolicies } from "@/lib/catalog/list-policies";
import { handleApi, json, readJson } from "@/lib/api/problem";

export async function GET(request: Request) {
  return handleApi(async () => {
    const query = new URL(request.url).searchParams.get("q") ?? "";
    return json({ policies: await listPolicies(appContext(), await apiActor(request), query) });
  });
}

export async function POST(request: Request) {
  return handleApi(async () => {
    const actor = await apiActor(request);
    const saved = await createPolicy(appContext(), actor, await readJson(request));
    return json(saved, 201, { location: `/api/v1/policies/${saved.policy.id}` });
  });
}
