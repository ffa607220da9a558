import type { PolicySummary } from "@/lib/catalog/list-policies";
import { RULE_CATALOG } from "@/lib/policy/rule-catalog";

/** A policy as the registration forms' picker shows it: every rule, with what an MCP server can use. */
export type PolicyOption = {
  id: string;
  name: string;
  description: string;
  rules: { kind: string; label: string; compatible: boolean; reason: string | null }[];
  /** False when a rule is one an MCP server cannot use: such a policy cannot be attached to one. */
  mcpCompatible: boolean;
  /** Contains a development-only rule (the Anonymous Authenticator). */
  developmentOnly: boolean;
  usedByServers: number;
  usedByServices: number;
};

export function policyOptions(policies: PolicySummary[]): PolicyOption[] {
  return policies.map((policy) => {
    const entries = policy.ruleKinds.map((kind) => ({ kind, entry: RULE_CATALOG.find((candidate) => candidate.kind === kind) }));
    const rules = entries.map(({ kind, entry }) => ({
      kind,
      label: entry?.label ?? kind,
      compatible: entry ? entry.mcp.compatible : false,
      reason: entry && !entry.mcp.compatible ? entry.mcp.reason : null,
    }));
    return {
      id: policy.id,
      name: policy.name,
      description: policy.description,
      rules,
      mcpCompatible: policy.usableBy.mcpServers,
      developmentOnly: entries.some(({ entry }) => entry?.developmentOnly),
      usedByServers: policy.usedByServers,
      usedByServices: policy.usedByServices,
    };
  });
}

/** "2 servers · 1 service", "no servers or services". */
export function usedByText(servers: number, services: number): string {
  const parts = [servers ? `${servers} ${servers === 1 ? "server" : "servers"}` : null, services ? `${services} ${services === 1 ? "service" : "services"}` : null].filter(Boolean);
  return parts.length ? parts.join(" · ") : "no servers or services";
}
