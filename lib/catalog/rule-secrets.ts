import { seal, unseal } from "../crypto/sealing";
import type { FieldDescriptor } from "../policy/fields";
import { RULE_CATALOG } from "../policy/rule-catalog";
import type { FieldIssue } from "./errors";

/**
 * Write-only secret fields of rule configurations (widget "secret"). In: a new value (a
 * string) or `{ set: true }` to keep the stored one. At rest: `{ sealed }`. Out (to the
 * browser and the REST API): `{ set: true }`, never the value.
 */
type Config = Record<string, unknown>;

function secretFields(kind: string): FieldDescriptor[] {
  return RULE_CATALOG.find((entry) => entry.kind === kind)?.fields.filter((field) => field.widget === "secret") ?? [];
}

const associatedData = (fieldKey: string) => `gatehouse:rule-secret:${fieldKey}`;

/** Seals new secret values and carries kept ones over from the stored configuration. */
export function sealRuleSecrets(
  kind: string,
  config: Config,
  previous: Config | undefined,
  key: Buffer,
  pathPrefix: string,
): { config: Config; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const sealed: Config = { ...config };
  for (const field of secretFields(kind)) {
    const value = config[field.key];
    const path = `${pathPrefix}.${field.key}`;
    if (typeof value === "string") {
      sealed[field.key] = { sealed: seal(value, key, associatedData(field.key)) };
    } else if (value && typeof value === "object" && "set" in value) {
      const stored = previous?.[field.key];
      if (stored && typeof stored === "object" && "sealed" in stored) sealed[field.key] = stored;
      else issues.push({ path, message: `Enter the ${field.label.toLowerCase()}` });
    } else if (value && typeof value === "object" && "sealed" in value) {
      issues.push({ path, message: "A sealed value cannot be supplied; send the secret itself" });
    }
  }
  return { config: sealed, issues };
}

/** Replaces sealed values with `{ set: true }` for anything that leaves the server. */
export function redactRuleSecrets(kind: string, config: Config): Config {
  const fields = secretFields(kind);
  if (fields.length === 0) return config;
  const redacted: Config = { ...config };
  for (const field of fields) {
    if (redacted[field.key] !== undefined) redacted[field.key] = { set: true };
  }
  return redacted;
}

/** Opens a sealed secret for the engine (the gateway's OAuth2 rules) and for test connection. */
export function openRuleSecret(value: unknown, fieldKey: string, key: Buffer): string | undefined {
  if (value && typeof value === "object" && "sealed" in value && typeof value.sealed === "string") {
    return unseal(value.sealed, key, associatedData(fieldKey));
  }
  return undefined;
}
