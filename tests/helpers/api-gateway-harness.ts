import http from "node:http";
import type { AddressInfo } from "node:net";
import { Agent } from "undici";
import { ApiGateway } from "@/lib/gateway/api-gateway";
import { parseTrustedProxies } from "@/lib/gateway/client-address";
import { MemoryRateLimiters } from "@/lib/gateway/memory-rate-limiter";
import { nodeGatewayHandler } from "@/lib/gateway/node-handler";
import type { RequestLogEntry } from "@/lib/gateway/request-log";
import { ResponseCacheStore } from "@/lib/gateway/response-cache-store";
import { RouteTable, type StoredTarget } from "@/lib/gateway/route-table";
import { createOAuthPort } from "@/lib/oauth/oauth-port";
import { OutboundTokens } from "@/lib/oauth/outbound-tokens";
import type { StoredPolicy } from "@/lib/policy/compile";
import { storedPolicy } from "./gateway-harness";

/** An API service for the harness: its policy is given as the REST API would receive its rules. */
export type HarnessService = {
  slug: string;
  upstreamBaseUrl: string;
  enabled?: boolean;
  timeoutSeconds?: number;
  /** Policy rules as input (validated with the real schema); null: no policy attached. */
  rules: unknown[] | null;
};

const SEALING_KEY = Buffer.alloc(32, 9);

export type ApiGatewayHarness = {
  origin: string;
  /** The gateway URL of a service, with `path` (and query) after its prefix. */
  url(slug: string, path?: string): string;
  /** API keys issued for a service's policy, in the order of its keys. */
  keys(slug: string): string[];
  logs: RequestLogEntry[];
  /** HTTP Retry's backoff waits, in milliseconds, in the order asked for (they are not waited). */
  waits: number[];
  cache: ResponseCacheStore;
  /** Replaces a service (or adds it) and tells the route table, as a catalog change would. */
  put(service: HarnessService): void;
  close(): Promise<void>;
};

/**
 * The real API gateway core on node:http (as `npm start` serves /apis/*), with routes from a
 * list instead of the database. Backoff waits are recorded and skipped, so retry tests assert
 * the delays asked for without waiting for them.
 */
export async function startApiGateway(services: HarnessService[], options: { cacheBytes?: number; defaultMaxBodyBytes?: number; /** The clock of the Response Cache and of the outbound tokens, for lifetimes without waiting. */ now?: () => number } = {}): Promise<ApiGatewayHarness> {
  const stored = new Map<string, StoredTarget>();
  const keys = new Map<string, string[]>();
  let version = 1;
  const toStored = (service: HarnessService): StoredTarget => {
    let policy: StoredPolicy | null = null;
    if (service.rules) {
      const built = storedPolicy(`policy-${service.slug}`, service.rules);
      policy = { ...built.policy, version: version++ };
      keys.set(service.slug, built.keys);
    }
    return { id: service.slug, slug: service.slug, name: service.slug, upstreamUrl: service.upstreamBaseUrl, enabled: service.enabled ?? true, timeoutSeconds: service.timeoutSeconds ?? 60, policy };
  };
  for (const service of services) stored.set(service.slug, toStored(service));

  const limiters = new MemoryRateLimiters();
  const routes = new RouteTable(
    { load: async (filter = {}) => [...stored.values()].filter((service) => !filter.id || service.id === filter.id) },
    { now: () => Date.now(), rateLimiter: (name, points, duration) => limiters.get(name, points, duration), oauth: createOAuthPort({ sealingKey: SEALING_KEY }), outboundTokens: new OutboundTokens({ now: options.now }) },
    "api",
  );
  const logs: RequestLogEntry[] = [];
  const waits: number[] = [];
  const cache = new ResponseCacheStore(options.cacheBytes, options.now);
  const dispatcher = new Agent({ keepAliveTimeout: 1_000 });
  const gateway = new ApiGateway({
    routes,
    dispatcher,
    log: (entry) => logs.push(entry),
    defaultMaxBodyBytes: options.defaultMaxBodyBytes ?? 32 * 1024 * 1024,
    cache,
    wait: async (ms) => {
      waits.push(ms);
    },
  });
  const handler = nodeGatewayHandler(gateway, { trustedProxies: parseTrustedProxies(undefined), publicOrigin: null });
  const server = http.createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    url: (slug, path = "") => `${origin}/apis/${slug}${path}`,
    keys: (slug) => keys.get(slug) ?? [],
    logs,
    waits,
    cache,
    put(next) {
      stored.set(next.slug, toStored(next));
      routes.notify({ type: "service", id: next.slug });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await dispatcher.close();
    },
  };
}
