import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import type { Actor } from "../../lib/catalog/actor";
import { createPolicy } from "../../lib/catalog/create-policy";
import { createServer } from "../../lib/catalog/create-server";
import { parseSealingKey } from "../../lib/crypto/sealing";
import { createDb } from "../../lib/db";
import { loadOrCreateStoredSecrets } from "../../lib/server-secrets";
import { ROOT, temporaryDirectory } from "./services";

/**
 * A data directory for the benchmark, made through the catalog's own use cases: the servers
 * measured, each with the policy the issue names, plus `fillers` more servers and policies to
 * show that the number of registered servers does not slow a request down.
 */
export type BenchSeed = { dataDir: string; apiKey: string; limitsKey: string };

export async function seedBenchData(options: { upstreamUrl: string; issuer: string; jwksUrl: string; fillers: number }): Promise<BenchSeed> {
  const dataDir = temporaryDirectory();
  const migrate = spawnSync(process.execPath, [path.join(ROOT, "node_modules/prisma/build/index.js"), "migrate", "deploy"], {
    cwd: ROOT,
    env: { ...process.env, GATEHOUSE_DATA_DIR: dataDir, DATABASE_URL: "" },
    encoding: "utf8",
  });
  if (migrate.status !== 0) throw new Error(`migrations failed: ${migrate.stdout}${migrate.stderr}`);

  const db = createDb(`file:${path.join(dataDir, "gatehouse.db")}`);
  const ctx = { db, sealingKey: parseSealingKey(loadOrCreateStoredSecrets(dataDir).sealingKey) };
  const user = await db.user.create({ data: { email: "bench@example.com", passwordHash: "-", role: "admin" } });
  const actor: Actor = { userId: user.id, email: user.email, role: "admin", via: "session" };

  const anonymous = await createPolicy(ctx, actor, {
    name: "Anonymous",
    rules: [
      { kind: "anonymous-authenticator", config: { roles: ["anonymous"] } },
      { kind: "authorize-by-role", config: { roles: [{ role: "anonymous", condition: "true" }] } },
    ],
  });
  const apiKey = await createPolicy(ctx, actor, {
    name: "API key",
    rules: [
      { kind: "api-key-authenticator", config: { keys: [{ description: "bench agent", roles: ["agent"] }] } },
      { kind: "authorize-by-role", config: { roles: [{ role: "agent", condition: "true" }] } },
    ],
  });
  const jwt = await createPolicy(ctx, actor, {
    name: "JWT + role + throttle",
    rules: [
      { kind: "mcp-oauth2-jwt-validator", config: { authDomain: options.issuer, jwksUrl: options.jwksUrl, allowedAlgorithms: ["ES256"] } },
      { kind: "authorize-by-role", config: { roles: [{ role: "mcp:access", condition: 'mcp.method != "tools/call" || mcp.tool == "echo"' }] } },
      { kind: "client-throttling", config: { defaultLimit: 1_000_000_000, defaultPeriod: "minute" } },
    ],
  });
  // The refusals: a 403 for a tool the role may not call, 413 over 1 kB, 429 after one call.
  const limits = await createPolicy(ctx, actor, {
    name: "Refusals",
    rules: [
      { kind: "request-size-limit", config: { maxBytes: 1000 } },
      { kind: "api-key-authenticator", config: { keys: [{ description: "limited agent", roles: ["agent"] }] } },
      { kind: "authorize-by-role", config: { roles: [{ role: "agent", condition: 'mcp.tool != "forbidden"' }] } },
      { kind: "client-throttling", config: { tiers: [{ name: "one-call", condition: 'mcp.tool == "throttled"', limit: 1, period: "day" }], defaultLimit: 1_000_000_000, defaultPeriod: "minute" } },
    ],
  });

  for (const [name, policy] of [
    ["anon", anonymous],
    ["apikey", apiKey],
    ["jwt", jwt],
    ["limits", limits],
  ] as const) {
    await createServer(ctx, actor, { name, slug: name, upstreamUrl: options.upstreamUrl, policyId: policy.policy.id });
  }

  if (options.fillers > 0) {
    // Inserted directly: thousands of use-case calls would only slow the set-up down.
    const now = new Date();
    for (let offset = 0; offset < options.fillers; offset += 500) {
      const batch = Array.from({ length: Math.min(500, options.fillers - offset) }, (_, index) => {
        const n = offset + index;
        return { policyId: randomUUID(), ruleId: randomUUID(), n };
      });
      await db.policy.createMany({ data: batch.map(({ policyId, n }) => ({ id: policyId, name: `filler policy ${n}`, updatedBy: actor.email, createdAt: now })) });
      await db.rule.createMany({
        data: batch.map(({ policyId, ruleId }) => ({ id: ruleId, policyId, position: 0, kind: "anonymous-authenticator", config: { roles: ["anonymous"] } })),
      });
      await db.mcpServer.createMany({
        data: batch.map(({ policyId, n }) => ({ name: `filler ${n}`, slug: `filler-${n}`, upstreamUrl: options.upstreamUrl, policyId, enabled: true, updatedBy: actor.email })),
      });
    }
  }
  await db.$disconnect();
  return { dataDir, apiKey: apiKey.issuedKeys[0]!.key, limitsKey: limits.issuedKeys[0]!.key };
}
