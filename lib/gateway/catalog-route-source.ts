import type { Policy, Rule } from "@prisma/client";
import type { Db } from "../db";
import type { StoredPolicy } from "../policy/compile";
import type { RouteKind, RouteSource, StoredTarget } from "./route-table";

/** Routes from the catalog's database: MCP servers or API services with their policy and its ordered rules. */
export function catalogRouteSource(db: Db, kind: RouteKind): RouteSource {
  const include = { policy: { include: { rules: { orderBy: { position: "asc" } } } } } as const;
  return {
    async load(filter = {}) {
      const where = { id: filter.id, policyId: filter.policyId };
      if (kind === "mcp") {
        const rows = await db.mcpServer.findMany({ where, include });
        return rows.map((row) => storedTarget(row, row.upstreamUrl));
      }
      const rows = await db.apiService.findMany({ where, include });
      return rows.map((row) => storedTarget(row, row.upstreamBaseUrl));
    },
  };
}

type Row = { id: string; slug: string; name: string; enabled: boolean; timeoutSeconds: number; policy: (Policy & { rules: Rule[] }) | null };

function storedTarget(row: Row, upstreamUrl: string): StoredTarget {
  return { id: row.id, slug: row.slug, name: row.name, upstreamUrl, enabled: row.enabled, timeoutSeconds: row.timeoutSeconds, policy: row.policy ? storedPolicy(row.policy) : null };
}

function storedPolicy(policy: Policy & { rules: Rule[] }): StoredPolicy {
  return {
    id: policy.id,
    name: policy.name,
    version: policy.version,
    rules: policy.rules.map((rule) => ({ id: rule.id, kind: rule.kind, enabled: rule.enabled, condition: rule.condition, config: rule.config })),
  };
}
