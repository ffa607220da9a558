import type { Prisma } from "@prisma/client";
import { incompatibleRules } from "../policy/rule-catalog";
import { validationFailed } from "./errors";
import { joinNames } from "./join-names";

/**
 * A server may use a policy only when every rule of it works for MCP (the rule registry says
 * which do not, and why). Checked inside the saving transaction, so that a policy cannot gain
 * an incompatible rule between this check and the server's save (lib/catalog/update-policy.ts
 * refuses that from the other side).
 */
export async function assertPolicyAttachable(tx: Prisma.TransactionClient, policyId: string): Promise<void> {
  const policy = await tx.policy.findUnique({ where: { id: policyId }, select: { name: true, rules: { select: { kind: true }, orderBy: { position: "asc" } } } });
  if (!policy) throw validationFailed([{ path: "policyId", message: "This policy does not exist (any more); choose another" }]);
  const incompatible = incompatibleRules(policy.rules);
  if (incompatible.length === 0) return;
  const labels = [...new Set(incompatible.map((rule) => rule.label))];
  const reasons = [...new Map(incompatible.map((rule) => [rule.label, `${rule.label}: ${rule.reason}`])).values()];
  throw validationFailed([
    {
      path: "policyId",
      message: `“${policy.name}” cannot be attached: MCP servers cannot use ${joinNames(labels)}. ${reasons.join(" ")}`,
    },
  ]);
}
