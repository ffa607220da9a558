import { randomUUID } from "node:crypto";
import type { Rule } from "@prisma/client";
import { requireAdmin, type Actor } from "./actor";
import { announceChange } from "./change-events";
import type { CatalogContext } from "./context";
import { getPolicyRecordOrThrow } from "./get-policy-or-throw";
import { POLICY_NAME_MAX_FOR_COPY, nextCopyName } from "./policy-copy-name";
import { isUniqueViolation } from "./policy-name";
import { toPolicyView, WITH_ORDERED_RULES, type PolicyView } from "./policy-view";

/**
 * Copies a policy under a free name. API keys are not copied: a key works for exactly one
 * policy, so revoking it in one place revokes it everywhere it works.
 */
export async function duplicatePolicy(ctx: CatalogContext, actor: Actor | null, id: string): Promise<PolicyView> {
  const admin = requireAdmin(actor);
  const source = await getPolicyRecordOrThrow(ctx, id);
  // Two copies made at the same moment can pick the same free name: the loser tries the next.
  for (let attempt = 0; ; attempt++) {
    const names = (await ctx.db.policy.findMany({ select: { name: true } })).map((policy) => policy.name.toLowerCase());
    const name = nextCopyName(source.name.slice(0, POLICY_NAME_MAX_FOR_COPY), new Set(names));
    try {
      const record = await ctx.db.policy.create({
        data: {
          name,
          description: source.description,
          updatedBy: admin.email,
          rules: { create: source.rules.map(copyOfRule) },
        },
        include: WITH_ORDERED_RULES,
      });
      await announceChange(ctx.db, { type: "policy", id: record.id });
      return toPolicyView(record);
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 3) throw error;
    }
  }
}

function copyOfRule(rule: Rule) {
  const config = rule.config as Record<string, unknown>;
  return {
    id: randomUUID(),
    kind: rule.kind,
    enabled: rule.enabled,
    condition: rule.condition,
    description: rule.description,
    position: rule.position,
    config: (rule.kind === "api-key-authenticator" ? { ...config, keys: [] } : config) as object,
  };
}
