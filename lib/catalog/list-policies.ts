import { incompatibleRules } from "../policy/rule-catalog";
import { requireActor, type Actor } from "./actor";
import type { CatalogContext } from "./context";

export type PolicySummary = {
  id: string;
  name: string;
  description: string;
  ruleCount: number;
  ruleKinds: string[];
  /** Rules an MCP server cannot use; empty when the policy is MCP-compatible. */
  incompatibleRules: { label: string; reason: string }[];
  /** Where the policy can be attached: MCP servers only without such rules; API services always. */
  usableBy: { mcpServers: boolean; apiServices: boolean };
  /** How many MCP servers and API services use the policy, in all. */
  usedBy: number;
  usedByServers: number;
  usedByServices: number;
  version: number;
  updatedAt: string;
  updatedBy: string;
};

export async function listPolicies(ctx: CatalogContext, actor: Actor | null, query = ""): Promise<PolicySummary[]> {
  requireActor(actor);
  const policies = await ctx.db.policy.findMany({
    orderBy: { name: "asc" },
    include: { rules: { select: { kind: true }, orderBy: { position: "asc" } }, _count: { select: { servers: true, services: true } } },
  });
  const needle = query.trim().toLowerCase();
  return policies
    .filter((policy) => needle === "" || policy.name.toLowerCase().includes(needle) || policy.description.toLowerCase().includes(needle))
    .map((policy) => {
      const incompatible = incompatibleRules(policy.rules).map(({ label, reason }) => ({ label, reason }));
      return {
        id: policy.id,
        name: policy.name,
        description: policy.description,
        ruleCount: policy.rules.length,
        ruleKinds: policy.rules.map((rule) => rule.kind),
        incompatibleRules: incompatible,
        usableBy: { mcpServers: incompatible.length === 0, apiServices: true },
        usedBy: policy._count.servers + policy._count.services,
        usedByServers: policy._count.servers,
        usedByServices: policy._count.services,
        version: policy.version,
        updatedAt: policy.updatedAt.toISOString(),
        updatedBy: policy.updatedBy,
      };
    });
}
