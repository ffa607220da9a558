import { getDb } from "@/lib/db";
import { gatewayRuntime } from "@/lib/gateway/gateway-runtime";

/**
 * Readiness for load balancers and orchestrators: the database answers and the gateway has
 * its servers and policies in memory. 503 with the failing checks otherwise.
 */
export const dynamic = "force-dynamic";

export async function GET() {
  const checks: Record<string, string> = {};
  try {
    await getDb().$queryRawUnsafe("SELECT 1");
    checks.database = "ok";
  } catch (error) {
    checks.database = `unreachable: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`;
  }
  const routes = gatewayRuntime().routes;
  if (!routes.loaded) await routes.warm().catch(() => undefined);
  checks.policies = routes.loaded ? `ok (${routes.size} servers)` : "not loaded";
  const ready = Object.values(checks).every((value) => value.startsWith("ok"));
  return new Response(JSON.stringify({ status: ready ? "ready" : "not ready", checks }), {
    status: ready ? 200 : 503,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
  });
}
