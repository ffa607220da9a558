import type { Db } from "../db";
import { redisHealth } from "../redis/redis-connection";
import type { GatewayRuntime } from "./gateway-runtime";

export type Readiness = { ready: boolean; checks: Record<string, string> };

/**
 * Whether this instance can serve as configured: the database answers, the gateway has its
 * servers and policies in memory, and Redis answers when REDIS_URL is set. Each check says
 * "ok…" or why not. Framework-free, for app/readyz and for tests that run the gateway alone.
 */
export async function checkReadiness(db: Db, runtime: Pick<GatewayRuntime, "routes" | "redis">): Promise<Readiness> {
  const checks: Record<string, string> = {};
  try {
    await db.$queryRawUnsafe("SELECT 1");
    checks.database = "ok";
  } catch (error) {
    checks.database = `unreachable: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`;
  }
  const routes = runtime.routes;
  if (!routes.loaded) await routes.warm().catch(() => undefined);
  checks.policies = routes.loaded ? `ok (${routes.size} servers)` : "not loaded";
  if (runtime.redis) checks.redis = await redisHealth(runtime.redis);
  return { ready: Object.values(checks).every((value) => value.startsWith("ok")), checks };
}
