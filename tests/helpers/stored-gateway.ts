import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Rule } from "@prisma/client";
import { Agent } from "undici";
import { prepareRules } from "@/lib/catalog/prepare-rules";
import { Gateway } from "@/lib/gateway/gateway";
import { MemoryRateLimiters } from "@/lib/gateway/memory-rate-limiter";
import { nodeGatewayHandler } from "@/lib/gateway/node-handler";
import type { RequestLogEntry } from "@/lib/gateway/request-log";
import { createOAuthPort } from "@/lib/oauth/oauth-port";
import { OutboundTokens } from "@/lib/oauth/outbound-tokens";
import { RouteTable, type StoredTarget } from "@/lib/gateway/route-table";
import type { StoredPolicy } from "@/lib/policy/compile";
import { policyInput } from "@/lib/policy/policy-schema";

const SEALING_KEY = Buffer.alloc(32, 7);

/**
 * The gateway core on node:http for servers exactly as the catalog stores them, for states
 * that a single save cannot produce (gateway-harness.ts builds every policy from one save):
 * a key revoked by a later save, say.
 */
export async function startStoredGateway(servers: StoredTarget[]): Promise<{ url(slug: string): string; logs: RequestLogEntry[]; close(): Promise<void> }> {
  const limiters = new MemoryRateLimiters();
  const routes = new RouteTable(
    { load: async (filter = {}) => servers.filter((server) => !filter.id || server.id === filter.id) },
    { now: () => Date.now(), rateLimiter: (name, points, duration) => limiters.get(name, points, duration), oauth: createOAuthPort({ sealingKey: SEALING_KEY }), outboundTokens: new OutboundTokens() },
  );
  const logs: RequestLogEntry[] = [];
  const dispatcher = new Agent({ keepAliveTimeout: 1_000 });
  const gateway = new Gateway({ routes, dispatcher, log: (entry) => logs.push(entry), sseKeepAliveMs: 15_000, defaultMaxBodyBytes: 32 * 1024 * 1024 });
  const handler = nodeGatewayHandler(gateway, { trustedProxies: [], publicOrigin: null });
  const server = http.createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (slug) => `${origin}/mcp/${slug}`,
    logs,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await dispatcher.close();
    },
  };
}

function parseRules(rules: unknown[]) {
  const parsed = policyInput.safeParse({ name: "stored", rules });
  if (!parsed.success) throw new Error(`invalid test policy: ${JSON.stringify(parsed.error.issues)}`);
  return parsed.data.rules;
}

/**
 * An API Key Authenticator policy saved twice, as the console saves it: the first save issues
 * the keys, the second revokes those marked `revoke`. Returns the policy and every issued key,
 * in order.
 */
export function policyWithRevokedKeys(id: string, keys: { description: string; roles?: string[]; revoke?: boolean }[]): { policy: StoredPolicy; keys: string[] } {
  const first = prepareRules(parseRules([{ kind: "api-key-authenticator", config: { keys: keys.map(({ description, roles }) => ({ description, roles })) } }]), [], SEALING_KEY, new Date());
  if (first.issues.length) throw new Error(`invalid test policy: ${JSON.stringify(first.issues)}`);
  const [rule] = first.rules;
  const storedKeys = rule!.config.keys as { id: string }[];
  const edited = {
    id: rule!.id,
    kind: "api-key-authenticator",
    config: { keys: keys.map((key, index) => ({ id: storedKeys[index]!.id, description: key.description, roles: key.roles, revoked: key.revoke ?? false })) },
  };
  const second = prepareRules(parseRules([edited]), first.rules as unknown as Rule[], SEALING_KEY, new Date());
  if (second.issues.length) throw new Error(`invalid test policy: ${JSON.stringify(second.issues)}`);
  return { policy: { id, name: id, version: 2, rules: second.rules }, keys: first.issued.map((issued) => issued.key) };
}
