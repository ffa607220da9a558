import { apiActor } from "@/lib/auth/api-actor";
import { requireActor } from "@/lib/catalog/actor";
import { RULE_CATALOG } from "@/lib/policy/rule-catalog";
import { handleApi, json } from "@/lib/api/problem";

/** The rule catalog: every kind with its fields, defaults, help texts and MCP compatibility. */
export async function GET(request: Request) {
  return handleApi(async () => {
    requireActor(await apiActor(request));
    return json({ ruleKinds: RULE_CATALOG });
  });
}
