import { describeFields, type FieldDescriptor } from "./fields";
import { ruleConditionField, ruleDescriptionField } from "./policy-schema";
import { RULE_KINDS, type RuleKind } from "./rule-kinds";
import { RULES } from "./rules";
import type { McpCompatibility, Phase, RuleCategory } from "./types";
import { z } from "zod";

/** The categories of the "Add Rule" dialog, in the order a request meets them. */
export const RULE_CATEGORIES: RuleCategory[] = ["Validate", "Authenticate", "Authorize", "Shape", "Transform", "Outbound"];

/** What the console needs to know about a rule kind; serialisable. */
export type RuleKindDescriptor = {
  kind: RuleKind;
  label: string;
  summary: string;
  category: RuleCategory;
  phase: Phase;
  mcp: McpCompatibility;
  developmentOnly: boolean;
  fields: FieldDescriptor[];
};

export const RULE_CATALOG: RuleKindDescriptor[] = RULE_KINDS.map((kind) => {
  const definition = RULES[kind];
  return {
    kind,
    label: definition.label,
    summary: definition.summary,
    category: definition.category,
    phase: definition.phase,
    mcp: definition.mcp,
    developmentOnly: "developmentOnly" in definition && definition.developmentOnly === true,
    fields: describeFields(definition.configSchema),
  };
});

/** The fields every rule has besides its configuration. */
export const COMMON_RULE_FIELDS: FieldDescriptor[] = describeFields(
  z.object({ condition: ruleConditionField(), description: ruleDescriptionField() }),
);

export function ruleLabel(kind: string): string {
  return RULE_CATALOG.find((entry) => entry.kind === kind)?.label ?? kind;
}

/** Rules of a policy that an MCP server cannot use, with the reasons. */
export function incompatibleRules(rules: { kind: string }[]): { kind: string; label: string; reason: string }[] {
  return rules.flatMap((rule) => {
    const entry = RULE_CATALOG.find((candidate) => candidate.kind === rule.kind);
    if (!entry || entry.mcp.compatible) return [];
    return [{ kind: entry.kind, label: entry.label, reason: entry.mcp.reason }];
  });
}
