import { Agent } from "undici";
import { onCatalogChange } from "../catalog/change-events";
import { getDb } from "../db";
import { getEnv } from "../env";
import { createOAuthPort } from "../oauth/oauth-port";
import { getServerSecrets } from "../server-secrets";
import { catalogRouteSource } from "./catalog-route-source";
import { parseTrustedProxies } from "./client-address";
import { Gateway } from "./gateway";
import { MemoryRateLimiters } from "./memory-rate-limiter";
import { jsonLinesRequestLog, silentRequestLog } from "./request-log";
import { RouteTable } from "./route-table";

export type GatewayRuntime = { gateway: Gateway; routes: RouteTable; trustedProxies: ReturnType<typeof parseTrustedProxies>; publicOrigin: string | null };

/**
 * The process's one gateway: route table fed by catalog changes, rate-limit counters and
 * upstream connection pool. On globalThis because the production entry and the Next route
 * handler are bundled separately and must share it.
 */
const KEY = Symbol.for("gatehouse.gateway");
type Holder = { [KEY]?: GatewayRuntime };

export function gatewayRuntime(): GatewayRuntime {
  const holder = globalThis as Holder;
  if (holder[KEY]) return holder[KEY];
  const env = getEnv();
  const limiters = new MemoryRateLimiters();
  const routes = new RouteTable(catalogRouteSource(getDb()), {
    now: () => Date.now(),
    rateLimiter: (name, points, duration) => limiters.get(name, points, duration),
    oauth: createOAuthPort({ sealingKey: getServerSecrets().sealingKey }),
  });
  onCatalogChange((change) => routes.notify(change));
  const gateway = new Gateway({
    routes,
    // Keep-alive connections to upstreams; idle ones close before typical server timeouts.
    dispatcher: new Agent({ keepAliveTimeout: 4_000, connections: 256, pipelining: 1 }),
    log: env.GATEHOUSE_REQUEST_LOG === "on" ? jsonLinesRequestLog() : silentRequestLog,
    sseKeepAliveMs: env.GATEHOUSE_SSE_KEEPALIVE_SECONDS * 1000,
    defaultMaxBodyBytes: env.GATEHOUSE_MAX_BODY_BYTES,
  });
  holder[KEY] = {
    gateway,
    routes,
    trustedProxies: parseTrustedProxies(env.GATEHOUSE_TRUSTED_PROXIES),
    publicOrigin: env.GATEHOUSE_PUBLIC_URL ? new URL(env.GATEHOUSE_PUBLIC_URL).origin : null,
  };
  return holder[KEY];
}
