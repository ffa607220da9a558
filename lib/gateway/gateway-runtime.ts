import { Agent } from "undici";
import { onCatalogChange } from "../catalog/change-events";
import { getDb } from "../db";
import { getEnv } from "../env";
import { createOAuthPort } from "../oauth/oauth-port";
import { OutboundTokens } from "../oauth/outbound-tokens";
import type { PolicyPorts } from "../policy/ports";
import { getServerSecrets } from "../server-secrets";
import { ApiGateway } from "./api-gateway";
import { catalogRouteSource } from "./catalog-route-source";
import { parseTrustedProxies } from "./client-address";
import { Gateway } from "./gateway";
import { MemoryRateLimiters } from "./memory-rate-limiter";
import { jsonLinesRequestLog, silentRequestLog } from "./request-log";
import { ResponseCacheStore } from "./response-cache-store";
import { RouteTable } from "./route-table";

export type GatewayRuntime = {
  /** MCP servers at /mcp/<slug>. */
  gateway: Gateway;
  routes: RouteTable;
  /** API services at /apis/<slug>/. */
  apiGateway: ApiGateway;
  apiRoutes: RouteTable;
  trustedProxies: ReturnType<typeof parseTrustedProxies>;
  publicOrigin: string | null;
};

/**
 * The process's gateways: route tables fed by catalog changes, and what both share: rate-limit
 * counters, upstream tokens, the upstream connection pool. On globalThis because the
 * production entry and the Next route handlers are bundled separately and must share it.
 */
const KEY = Symbol.for("gatehouse.gateway");
type Holder = { [KEY]?: GatewayRuntime };

export function gatewayRuntime(): GatewayRuntime {
  const holder = globalThis as Holder;
  if (holder[KEY]) return holder[KEY];
  const env = getEnv();
  const limiters = new MemoryRateLimiters();
  const ports: PolicyPorts = {
    now: () => Date.now(),
    rateLimiter: (name, points, duration) => limiters.get(name, points, duration),
    oauth: createOAuthPort({ sealingKey: getServerSecrets().sealingKey }),
    outboundTokens: new OutboundTokens(),
  };
  const db = getDb();
  const routes = new RouteTable(catalogRouteSource(db, "mcp"), ports, "mcp");
  const apiRoutes = new RouteTable(catalogRouteSource(db, "api"), ports, "api");
  onCatalogChange((change) => {
    routes.notify(change);
    apiRoutes.notify(change);
  });
  // Keep-alive connections to upstreams; idle ones close before typical server timeouts.
  const dispatcher = new Agent({ keepAliveTimeout: 4_000, connections: 256, pipelining: 1 });
  const log = env.GATEHOUSE_REQUEST_LOG === "on" ? jsonLinesRequestLog() : silentRequestLog;
  const gateway = new Gateway({
    routes,
    dispatcher,
    log,
    sseKeepAliveMs: env.GATEHOUSE_SSE_KEEPALIVE_SECONDS * 1000,
    defaultMaxBodyBytes: env.GATEHOUSE_MAX_BODY_BYTES,
  });
  const apiGateway = new ApiGateway({ routes: apiRoutes, dispatcher, log, defaultMaxBodyBytes: env.GATEHOUSE_MAX_BODY_BYTES, cache: new ResponseCacheStore() });
  holder[KEY] = {
    gateway,
    routes,
    apiGateway,
    apiRoutes,
    trustedProxies: parseTrustedProxies(env.GATEHOUSE_TRUSTED_PROXIES),
    publicOrigin: env.GATEHOUSE_PUBLIC_URL ? new URL(env.GATEHOUSE_PUBLIC_URL).origin : null,
  };
  return holder[KEY];
}
