import http from "node:http";
import type { AddressInfo } from "node:net";
import { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/catalog/actor";
import { announceChange, onCatalogChange } from "@/lib/catalog/change-events";
import { createPolicy } from "@/lib/catalog/create-policy";
import { updatePolicy } from "@/lib/catalog/update-policy";
import { catalogRouteSource } from "@/lib/gateway/catalog-route-source";
import { Gateway } from "@/lib/gateway/gateway";
import { MemoryRateLimiters } from "@/lib/gateway/memory-rate-limiter";
import { nodeGatewayHandler } from "@/lib/gateway/node-handler";
import { createOAuthPort } from "@/lib/oauth/oauth-port";
import { OutboundTokens } from "@/lib/oauth/outbound-tokens";
import { RouteTable } from "@/lib/gateway/route-table";
import { createTempDatabase, type TempDatabase } from "../helpers/temp-database";

/**
 * The gateway reads routes from the catalog's database once, then only from memory; a change
 * made through the catalog's use cases is enforced from the very next request.
 */
let database: TempDatabase;
let upstream: http.Server;
let gatewayServer: http.Server;
let gatewayUrl: string;
let stopListening: () => void;
let queries = 0;
const dispatcher = new Agent();
const admin: Actor = { userId: "u1", email: "admin@example.com", role: "admin", via: "session" };

beforeAll(async () => {
  database = await createTempDatabase();
  await database.ctx.db.user.create({ data: { id: "u1", email: admin.email, passwordHash: "x", role: "admin" } });
  upstream = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ jsonrpc: "2.0", id: 1, result: {} }));
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));

  const source = catalogRouteSource(database.ctx.db, "mcp");
  const routes = new RouteTable(
    {
      load: (filter) => {
        queries++;
        return source.load(filter);
      },
    },
    { now: () => Date.now(), rateLimiter: (name, points, duration) => new MemoryRateLimiters().get(name, points, duration), oauth: createOAuthPort({ sealingKey: database.ctx.sealingKey }), outboundTokens: new OutboundTokens() },
  );
  stopListening = onCatalogChange((change) => routes.notify(change));
  const gateway = new Gateway({ routes, dispatcher, log: () => {}, sseKeepAliveMs: 0, defaultMaxBodyBytes: 1_000_000 });
  const handler = nodeGatewayHandler(gateway, { trustedProxies: [], publicOrigin: null });
  gatewayServer = http.createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => gatewayServer.listen(0, "127.0.0.1", resolve));
  gatewayUrl = `http://127.0.0.1:${(gatewayServer.address() as AddressInfo).port}/mcp/notes`;
});

afterAll(async () => {
  stopListening?.();
  gatewayServer?.closeAllConnections();
  await new Promise((resolve) => gatewayServer?.close(resolve));
  await new Promise((resolve) => upstream?.close(resolve));
  await dispatcher.close();
  await database?.cleanup();
});

const call = (key: string) =>
  fetch(gatewayUrl, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": key },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
  });

describe("catalog changes reach the gateway", () => {
  it("enforces a revoked key and a disabled server from the next request on, without a query per request", async () => {
    const saved = await createPolicy(database.ctx, admin, {
      name: "Notes agents",
      rules: [{ kind: "api-key-authenticator", config: { keys: [{ description: "notes agent", roles: ["agent"] }] } }],
    });
    const key = saved.issuedKeys[0]!.key;
    const server = await database.ctx.db.mcpServer.create({
      data: { name: "Notes", slug: "notes", upstreamUrl: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/mcp`, policyId: saved.policy.id, enabled: true, updatedBy: admin.email },
    });
    await announceChange(database.ctx.db, { type: "server", id: server.id });

    expect((await call(key)).status).toBe(200);
    const queriesAfterFirst = queries;
    for (let i = 0; i < 5; i++) expect((await call(key)).status).toBe(200);
    expect(queries).toBe(queriesAfterFirst);

    const policy = saved.policy;
    await updatePolicy(database.ctx, admin, policy.id, {
      name: policy.name,
      version: policy.version,
      rules: policy.rules.map((rule) => ({
        ...rule,
        config: { ...rule.config, keys: (rule.config.keys as { id: string }[]).map((stored) => ({ ...stored, revoked: true })) },
      })),
    });
    const revoked = await call(key);
    expect(revoked.status).toBe(401);
    expect((await revoked.json()).error.message).toBe("The API key is not valid");

    await database.ctx.db.mcpServer.update({ where: { id: server.id }, data: { enabled: false } });
    await announceChange(database.ctx.db, { type: "server", id: server.id });
    expect((await call(key)).status).toBe(503);

    await database.ctx.db.mcpServer.delete({ where: { id: server.id } });
    await announceChange(database.ctx.db, { type: "server", id: server.id });
    expect((await call(key)).status).toBe(404);
  });
});
