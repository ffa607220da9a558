import { randomUUID } from "node:crypto";
import type { Rule } from "@prisma/client";
import type { RuleInput } from "../policy/policy-schema";
import type { FieldIssue } from "./errors";
import { reconcileApiKeys, type IssuedApiKey, type StoredApiKey } from "./rule-api-keys";
import { sealRuleSecrets } from "./rule-secrets";

export type PreparedRule = {
  id: string;
  kind: string;
  enabled: boolean;
  condition: string;
  description: string;
  config: Record<string, unknown>;
};

/**
 * Turns validated rule input into what is stored: ids assigned, secrets sealed (or kept),
 * API keys generated and hashed. A rule id must be one of this policy's own rules.
 */
export function prepareRules(
  input: RuleInput[],
  previous: Rule[],
  sealingKey: Buffer,
  now: Date,
): { rules: PreparedRule[]; issued: IssuedApiKey[]; issues: FieldIssue[] } {
  const previousById = new Map(previous.map((rule) => [rule.id, rule]));
  const issues: FieldIssue[] = [];
  const issued: IssuedApiKey[] = [];
  const seenIds = new Set<string>();

  const rules = input.map((rule, index): PreparedRule => {
    const path = `rules.${index}`;
    let stored = rule.id ? previousById.get(rule.id) : undefined;
    if (rule.id && (!stored || seenIds.has(rule.id))) {
      issues.push({ path: `${path}.id`, message: "This rule is not part of the policy (any more); reload" });
      stored = undefined;
    }
    if (stored && stored.kind !== rule.kind) {
      issues.push({ path: `${path}.kind`, message: "A saved rule cannot change its kind; add a new rule instead" });
    }
    const id = stored?.id ?? randomUUID();
    seenIds.add(id);
    const previousConfig = stored?.config as Record<string, unknown> | undefined;

    const sealed = sealRuleSecrets(rule.kind, rule.config as Record<string, unknown>, previousConfig, sealingKey, `${path}.config`);
    issues.push(...sealed.issues);
    let config = sealed.config;

    if (rule.kind === "api-key-authenticator") {
      const reconciled = reconcileApiKeys(rule.config.keys, (previousConfig?.keys as StoredApiKey[] | undefined) ?? [], now, `${path}.config.keys`);
      issues.push(...reconciled.issues);
      issued.push(...reconciled.issued.map((key) => ({ ruleId: id, ...key })));
      config = { ...config, keys: reconciled.keys };
    }

    return { id, kind: rule.kind, enabled: rule.enabled, condition: rule.condition, description: rule.description, config };
  });
  return { rules, issued, issues };
}
