import { getDb } from "@/lib/db";
import { gatewayRuntime } from "@/lib/gateway/gateway-runtime";
import { checkReadiness } from "@/lib/gateway/readiness";

/**
 * Readiness for load balancers and orchestrators: the database answers, the gateway has its
 * servers and policies in memory, and Redis answers when REDIS_URL is set. 503 with the
 * failing checks otherwise.
 */
export const dynamic = "force-dynamic";

export async function GET() {
  const { ready, checks } = await checkReadiness(getDb(), gatewayRuntime());
  return new Response(JSON.stringify({ status: ready ? "ready" : "not ready", checks }), {
    status: ready ? 200 : 503,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
  });
}
