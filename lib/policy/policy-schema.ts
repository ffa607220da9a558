import { z } from "zod";
import { field } from "./fields";
import { RULE_KINDS, type RuleKind } from "./rule-kinds";
import { RULES } from "./rules";

/**
 * The one schema of a policy as people and programs write it: the console's editor, its
 * server actions and the REST API all parse with it (DESIGN.md §3.4).
 */

export const ruleConditionField = () =>
  field.cel({
    label: "When this rule should be applied",
    help: "CEL expression over `request` and `mcp` (and `user`, `claims` once a caller is authenticated). The rule is skipped when it is false; `true` applies it to every request.",
    variables: ["request", "user", "claims", "mcp"],
    returns: "bool",
    default: "true",
  });

export const ruleDescriptionField = () =>
  field.text({ label: "Description", help: "A note for the people who maintain this policy.", required: false, max: 500 });

function ruleInputFor<K extends RuleKind>(kind: K) {
  return z.object({
    /** Present for a rule that is already saved; absent for a new one. */
    id: z.string().max(64).optional(),
    kind: z.literal(kind),
    enabled: z.boolean().default(true),
    condition: ruleConditionField(),
    description: ruleDescriptionField(),
    config: RULES[kind].configSchema as (typeof RULES)[K]["configSchema"],
  });
}

const ruleInputs = RULE_KINDS.map((kind) => ruleInputFor(kind)) as unknown as {
  [K in RuleKind]: ReturnType<typeof ruleInputFor<K>>;
}[RuleKind][];

export const ruleInput = z.discriminatedUnion("kind", ruleInputs as [(typeof ruleInputs)[number], ...(typeof ruleInputs)[number][]], {
  error: (issue) => (issue.code === "invalid_union" ? `Unknown rule kind; choose one of: ${RULE_KINDS.join(", ")}` : undefined),
});
export type RuleInput = z.output<typeof ruleInput>;

export const POLICY_NAME_MAX = 100;

export const policyInput = z.object({
  name: z
    .string({ error: "Required" })
    .trim()
    .min(1, "Give the policy a name")
    .max(POLICY_NAME_MAX, `At most ${POLICY_NAME_MAX} characters`),
  description: z.string().trim().max(1000, "At most 1000 characters").default(""),
  rules: z.array(ruleInput).max(50, "A policy has at most 50 rules").default([]),
});
export type PolicyInput = z.output<typeof policyInput>;

/** An update carries the version it was based on; a stale one is refused with 409. */
export const policyUpdateInput = policyInput.extend({
  version: z.number({ error: "Send the version you edited" }).int().min(1),
});
export type PolicyUpdateInput = z.output<typeof policyUpdateInput>;
