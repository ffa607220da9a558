import type { Db } from "../db";
import type { RouteSource, StoredServer } from "./route-table";

/** Routes from the catalog's database: servers with their policy and its ordered rules. */
export function catalogRouteSource(db: Db): RouteSource {
  return {
    async servers(filter = {}) {
      const rows = await db.mcpServer.findMany({
        where: { id: filter.serverId, policyId: filter.policyId },
        include: { policy: { include: { rules: { orderBy: { position: "asc" } } } } },
      });
      return rows.map(
        (row): StoredServer => ({
          id: row.id,
          slug: row.slug,
          name: row.name,
          upstreamUrl: row.upstreamUrl,
          enabled: row.enabled,
          timeoutSeconds: row.timeoutSeconds,
          policy: row.policy
            ? {
                id: row.policy.id,
                name: row.policy.name,
                version: row.policy.version,
                rules: row.policy.rules.map((rule) => ({ id: rule.id, kind: rule.kind, enabled: rule.enabled, condition: rule.condition, config: rule.config })),
              }
            : null,
        }),
      );
    },
  };
}
