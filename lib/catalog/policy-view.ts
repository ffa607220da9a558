import type { Policy, Rule } from "@prisma/client";
import type { RuleKind } from "../policy/rule-kinds";
import { viewApiKeys, type StoredApiKey } from "./rule-api-keys";
import { redactRuleSecrets } from "./rule-secrets";

/** A policy as it leaves the server (console, REST API): secrets redacted, key hashes removed. */
export type RuleView = {
  id: string;
  kind: RuleKind;
  enabled: boolean;
  condition: string;
  description: string;
  config: Record<string, unknown>;
};

export type PolicyView = {
  id: string;
  name: string;
  description: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
  rules: RuleView[];
};

export type PolicyRecord = Policy & { rules: Rule[] };

export const WITH_ORDERED_RULES = { rules: { orderBy: { position: "asc" } } } as const;

export function viewRuleConfig(kind: string, config: Record<string, unknown>): Record<string, unknown> {
  const redacted = redactRuleSecrets(kind, config);
  if (kind === "api-key-authenticator" && Array.isArray(redacted.keys)) {
    return { ...redacted, keys: viewApiKeys(redacted.keys as StoredApiKey[]) };
  }
  return redacted;
}

export function toPolicyView(record: PolicyRecord): PolicyView {
  return {
    id: record.id,
    name: record.name,
    description: record.description,
    version: record.version,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    updatedBy: record.updatedBy,
    rules: record.rules.map((rule) => ({
      id: rule.id,
      kind: rule.kind as RuleKind,
      enabled: rule.enabled,
      condition: rule.condition,
      description: rule.description,
      config: viewRuleConfig(rule.kind, rule.config as Record<string, unknown>),
    })),
  };
}
