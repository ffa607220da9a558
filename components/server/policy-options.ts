import type { PolicySummary } from "@/lib/catalog/list-policies";
import { RULE_CATALOG } from "@/lib/policy/rule-catalog";

/** A policy as the server form's picker shows it: every rule, with what an MCP server can use. */
export type PolicyOption = {
  id: string;
  name: string;
  description: string;
  rules: { kind: string; label: string; compatible: boolean; reason: string | null }[];
  /** False when a rule is one an MCP server cannot use: such a policy cannot be attached. */
  attachable: boolean;
  /** Contains a development-only rule (the Anonymous Authenticator). */
  developmentOnly: boolean;
  usedBy: number;
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
      attachable: policy.incompatibleRules.length === 0,
      developmentOnly: entries.some(({ entry }) => entry?.developmentOnly),
      usedBy: policy.usedBy,
    };
  });
}
