import http from "node:http";
import type { AddressInfo } from "node:net";
import { Agent } from "undici";
import { prepareRules } from "@/lib/catalog/prepare-rules";
import { parseTrustedProxies } from "@/lib/gateway/client-address";
import { Gateway } from "@/lib/gateway/gateway";
import { MemoryRateLimiters } from "@/lib/gateway/memory-rate-limiter";
import { nodeGatewayHandler } from "@/lib/gateway/node-handler";
import type { RequestLogEntry } from "@/lib/gateway/request-log";
import { createOAuthPort } from "@/lib/oauth/oauth-port";
import { OutboundTokens } from "@/lib/oauth/outbound-tokens";
import { RouteTable, type StoredTarget } from "@/lib/gateway/route-table";
import type { StoredPolicy } from "@/lib/policy/compile";
import { policyInput } from "@/lib/policy/policy-schema";

/** A server for the harness: its policy is given as the REST API would receive its rules. */
export type HarnessServer = {
  slug: string;
  upstreamUrl: string;
  enabled?: boolean;
  timeoutSeconds?: number;
  /** Policy rules as input (validated with the real schema); null: no policy attached. */
  rules: unknown[] | null;
};

const SEALING_KEY = Buffer.alloc(32, 9);

/** Validates rules like the catalog does and returns the stored policy and any issued API keys. */
export function storedPolicy(id: string, rules: unknown[]): { policy: StoredPolicy; keys: string[] } {
  const parsed = policyInput.safeParse({ name: id, rules });
  if (!parsed.success) throw new Error(`invalid test policy: ${JSON.stringify(parsed.error.issues)}`);
  const prepared = prepareRules(parsed.data.rules, [], SEALING_KEY, new Date());
  if (prepared.issues.length) throw new Error(`invalid test policy: ${JSON.stringify(prepared.issues)}`);
  return {
    policy: { id, name: id, version: 1, rules: prepared.rules },
    keys: prepared.issued.map((issued) => issued.key),
  };
}

export type GatewayHarness = {
  origin: string;
  url(slug: string): string;
  /** API keys issued for a server's policy, in the order of its keys. */
  keys(slug: string): string[];
  logs: RequestLogEntry[];
  /** Replaces a server (or adds it) and tells the route table, as a catalog change would. */
  put(server: HarnessServer): void;
  close(): Promise<void>;
};

/**
 * The real gateway core on node:http (as `npm start` serves it), with routes from a list
 * instead of the database: each test file states exactly the servers and policies it needs.
 */
export async function startGateway(
  servers: HarnessServer[],
  options: { trustedProxies?: string; sseKeepAliveMs?: number; defaultMaxBodyBytes?: number; publicOrigin?: string } = {},
): Promise<GatewayHarness> {
  const stored = new Map<string, StoredTarget>();
  const keys = new Map<string, string[]>();
  let version = 1;
  const toStored = (server: HarnessServer): StoredTarget => {
    let policy: StoredPolicy | null = null;
    if (server.rules) {
      const built = storedPolicy(`policy-${server.slug}`, server.rules);
      policy = { ...built.policy, version: version++ };
      keys.set(server.slug, built.keys);
    }
    return { id: server.slug, slug: server.slug, name: server.slug, upstreamUrl: server.upstreamUrl, enabled: server.enabled ?? true, timeoutSeconds: server.timeoutSeconds ?? 60, policy };
  };
  for (const server of servers) stored.set(server.slug, toStored(server));

  const limiters = new MemoryRateLimiters();
  const routes = new RouteTable(
    { load: async (filter = {}) => [...stored.values()].filter((server) => !filter.id || server.id === filter.id) },
    { now: () => Date.now(), rateLimiter: (name, points, duration) => limiters.get(name, points, duration), oauth: createOAuthPort({ sealingKey: SEALING_KEY }), outboundTokens: new OutboundTokens() },
  );
  const logs: RequestLogEntry[] = [];
  const dispatcher = new Agent({ keepAliveTimeout: 1_000 });
  const gateway = new Gateway({
    routes,
    dispatcher,
    log: (entry) => logs.push(entry),
    sseKeepAliveMs: options.sseKeepAliveMs ?? 15_000,
    defaultMaxBodyBytes: options.defaultMaxBodyBytes ?? 32 * 1024 * 1024,
  });
  const handler = nodeGatewayHandler(gateway, { trustedProxies: parseTrustedProxies(options.trustedProxies), publicOrigin: options.publicOrigin ?? null });
  const server = http.createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    url: (slug) => `${origin}/mcp/${slug}`,
    keys: (slug) => keys.get(slug) ?? [],
    logs,
    put(next) {
      stored.set(next.slug, toStored(next));
      routes.notify({ type: "server", id: next.slug });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await dispatcher.close();
    },
  };
}
