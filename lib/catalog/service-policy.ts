import type { Prisma } from "@prisma/client";
import { validationFailed } from "./errors";

/**
 * An API service may use any policy of the catalog, every rule included: only its existence is
 * checked, inside the saving transaction (the foreign key keeps it from being deleted after).
 */
export async function assertPolicyExists(tx: Prisma.TransactionClient, policyId: string): Promise<void> {
  const policy = await tx.policy.findUnique({ where: { id: policyId }, select: { id: true } });
  if (!policy) throw validationFailed([{ path: "policyId", message: "This policy does not exist (any more); choose another" }]);
}
