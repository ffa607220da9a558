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
  /** How many MCP servers use the policy. */
  usedBy: number;
  version: number;
  updatedAt: string;
  updatedBy: string;
};

export async function listPolicies(ctx: CatalogContext, actor: Actor | null, query = ""): Promise<PolicySummary[]> {
  requireActor(actor);
  const policies = await ctx.db.policy.findMany({
    orderBy: { name: "asc" },
    include: { rules: { select: { kind: true }, orderBy: { position: "asc" } }, _count: { select: { servers: true } } },
  });
  const needle = query.trim().toLowerCase();
  return policies
    .filter((policy) => needle === "" || policy.name.toLowerCase().includes(needle) || policy.description.toLowerCase().includes(needle))
    .map((policy) => ({
      id: policy.id,
      name: policy.name,
      description: policy.description,
      ruleCount: policy.rules.length,
      ruleKinds: policy.rules.map((rule) => rule.kind),
      incompatibleRules: incompatibleRules(policy.rules).map(({ label, reason }) => ({ label, reason })),
      usedBy: policy._count.servers,
      version: policy.version,
      updatedAt: policy.updatedAt.toISOString(),
      updatedBy: policy.updatedBy,
    }));
}
