import { policyInput } from "../policy/policy-schema";
import { requireAdmin, type Actor } from "./actor";
import { announceChange } from "./change-events";
import { nowOf, type CatalogContext } from "./context";
import { parseOrThrow, validationFailed } from "./errors";
import { assertPolicyNameFree, isUniqueViolation, nameTaken } from "./policy-name";
import { toPolicyView, WITH_ORDERED_RULES, type PolicyView } from "./policy-view";
import { prepareRules } from "./prepare-rules";
import type { IssuedApiKey } from "./rule-api-keys";

export type SavedPolicy = { policy: PolicyView; issuedKeys: IssuedApiKey[] };

export async function createPolicy(ctx: CatalogContext, actor: Actor | null, input: unknown): Promise<SavedPolicy> {
  const admin = requireAdmin(actor);
  const parsed = parseOrThrow(policyInput, input);
  const prepared = prepareRules(parsed.rules, [], ctx.sealingKey, nowOf(ctx));
  if (prepared.issues.length > 0) throw validationFailed(prepared.issues);
  await assertPolicyNameFree(ctx.db, parsed.name);

  try {
    const record = await ctx.db.policy.create({
      data: {
        name: parsed.name,
        description: parsed.description,
        updatedBy: admin.email,
        rules: {
          create: prepared.rules.map((rule, position) => ({ ...rule, config: rule.config as object, position })),
        },
      },
      include: WITH_ORDERED_RULES,
    });
    await announceChange(ctx.db, { type: "policy", id: record.id });
    return { policy: toPolicyView(record), issuedKeys: prepared.issued };
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(parsed.name);
    throw error;
  }
}
