import type { Redis } from "ioredis";
import { Agent } from "undici";
import { instanceId, onCatalogChange, readCatalogRevision } from "../catalog/change-events";
import { getDb } from "../db";
import { getEnv } from "../env";
import { createOAuthPort } from "../oauth/oauth-port";
import { OutboundTokens } from "../oauth/outbound-tokens";
import type { PolicyPorts } from "../policy/ports";
import { subscribeCatalogChanges } from "../redis/catalog-change-channel";
import { sharedRedis } from "../redis/redis-connection";
import { getServerSecrets } from "../server-secrets";
import { ApiGateway } from "./api-gateway";
import { CatalogChangeFeed } from "./catalog-change-feed";
import { catalogRouteSource } from "./catalog-route-source";
import { parseTrustedProxies } from "./client-address";
import { Gateway } from "./gateway";
import { MemoryRateLimiters } from "./memory-rate-limiter";
import { RedisRateLimiters } from "./redis-rate-limiter";
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
  /** The command connection when REDIS_URL is set (for /readyz); null otherwise. */
  redis: Redis | null;
};

/** Without Redis, other instances' changes are noticed by reading the catalog revision this often (at most one second late). */
const POLL_WITHOUT_REDIS_MS = 1_000;
/** With Redis, notices arrive at once; the revision is still read now and then for notices lost in a Redis outage. */
const POLL_WITH_REDIS_MS = 30_000;

/**
 * The process's gateways: route tables fed by catalog changes, and what both share: rate-limit
 * counters, upstream tokens, the upstream connection pool. On globalThis because the
 * production entry and the Next route handlers are bundled separately and must share it.
 *
 * Several instances can serve one catalog: they keep no session state (Mcp-Session-Id goes to
 * the upstream), and share what must be shared through the database and, with REDIS_URL,
 * Redis: throttling counters, and notices of catalog changes (README, "Running more than one
 * instance").
 */
const KEY = Symbol.for("gatehouse.gateway");
type Holder = { [KEY]?: GatewayRuntime };

export function gatewayRuntime(): GatewayRuntime {
  const holder = globalThis as Holder;
  if (holder[KEY]) return holder[KEY];
  const env = getEnv();
  const redis = sharedRedis();
  const limiters = redis ? new RedisRateLimiters(redis) : new MemoryRateLimiters();
  const ports: PolicyPorts = {
    now: () => Date.now(),
    rateLimiter: (name, points, duration) => limiters.get(name, points, duration),
    oauth: createOAuthPort({ sealingKey: getServerSecrets().sealingKey }),
    outboundTokens: new OutboundTokens(),
  };
  const db = getDb();
  const listeners: RouteTable[] = [];
  const feed = new CatalogChangeFeed({ readRevision: () => readCatalogRevision(db), listeners, pollMs: redis ? POLL_WITH_REDIS_MS : POLL_WITHOUT_REDIS_MS });
  const routes = new RouteTable(feed.source(catalogRouteSource(db, "mcp")), ports, "mcp");
  const apiRoutes = new RouteTable(feed.source(catalogRouteSource(db, "api")), ports, "api");
  listeners.push(routes, apiRoutes);
  onCatalogChange((change, revision) => feed.heard(change, revision));
  if (env.REDIS_URL) {
    const self = instanceId();
    subscribeCatalogChanges(env.REDIS_URL, {
      notice: (notice) => {
        if (notice.origin !== self) feed.heard(notice.change, notice.revision);
      },
      subscribed: () => void feed.check(),
    });
  }
  feed.start();
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
    redis,
  };
  return holder[KEY];
}
