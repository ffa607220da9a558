import { appContext } from "@/lib/app-context";
import { apiActor } from "@/lib/auth/api-actor";
import { duplicatePolicy } from "@/lib/catalog/duplicate-policy";
import { handleApi, json } from "@/lib/api/problem";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handleApi(async () => {
    const policy = await duplicatePolicy(appContext(), await apiActor(request), (await params).id);
    return json({ policy }, 201, { location: `/api/v1/policies/${policy.id}` });
  });
}
