import type { Prisma } from "@prisma/client";
import { policyUpdateInput } from "../policy/policy-schema";
import { incompatibleRules } from "../policy/rule-catalog";
import { requireAdmin, type Actor } from "./actor";
import { announceChange } from "./change-events";
import { nowOf, type CatalogContext } from "./context";
import type { SavedPolicy } from "./create-policy";
import { CatalogError, parseOrThrow, validationFailed } from "./errors";
import { getPolicyRecordOrThrow } from "./get-policy-or-throw";
import { joinNames } from "./join-names";
import { assertPolicyNameFree, isUniqueViolation, nameTaken } from "./policy-name";
import { toPolicyView, WITH_ORDERED_RULES, type PolicyRecord } from "./policy-view";
import { prepareRules, type PreparedRule } from "./prepare-rules";

function staleVersion(current: PolicyRecord): CatalogError {
  return new CatalogError(
    "conflict",
    `This policy was changed by ${current.updatedBy} at ${current.updatedAt.toISOString()} (version ${current.version}); reload to see their changes, then make yours again`,
  );
}

/**
 * A policy attached to MCP servers cannot gain a rule they cannot use: the servers would be
 * left with a policy the gateway cannot enforce. Each such rule gets an issue naming them.
 */
async function assertServersCanUse(tx: Prisma.TransactionClient, policyId: string, rules: PreparedRule[]): Promise<void> {
  const incompatible = rules.flatMap((rule, index) => incompatibleRules([rule]).map((entry) => ({ ...entry, index })));
  if (incompatible.length === 0) return;
  const servers = await tx.mcpServer.findMany({ where: { policyId }, select: { name: true }, orderBy: { name: "asc" } });
  if (servers.length === 0) return;
  const names = joinNames(servers.map((server) => `“${server.name}”`));
  const users = servers.length === 1 ? `The MCP server ${names} uses` : `The MCP servers ${names} use`;
  throw validationFailed(
    incompatible.map((rule) => ({
      path: `rules.${rule.index}.kind`,
      message: `${users} this policy, and MCP servers cannot use ${rule.label}: ${rule.reason} Remove the rule, or attach another policy to ${servers.length === 1 ? "that server" : "those servers"} first.`,
    })),
  );
}

/**
 * Saves a new version of a policy. The caller sends the version it edited; when someone
 * saved in between, the save is refused (409) instead of silently overwriting their work.
 */
export async function updatePolicy(ctx: CatalogContext, actor: Actor | null, id: string, input: unknown): Promise<SavedPolicy> {
  const admin = requireAdmin(actor);
  const parsed = parseOrThrow(policyUpdateInput, input);
  const current = await getPolicyRecordOrThrow(ctx, id);
  if (current.version !== parsed.version) throw staleVersion(current);

  const prepared = prepareRules(parsed.rules, current.rules, ctx.sealingKey, nowOf(ctx));
  if (prepared.issues.length > 0) throw validationFailed(prepared.issues);
  await assertPolicyNameFree(ctx.db, parsed.name, id);

  try {
    const record = await ctx.db.$transaction(async (tx) => {
      // The version in the WHERE clause closes the race between the check above and this write.
      const updated = await tx.policy.updateMany({
        where: { id, version: parsed.version },
        data: { name: parsed.name, description: parsed.description, updatedBy: admin.email, version: { increment: 1 } },
      });
      if (updated.count === 0) throw staleVersion(await getPolicyRecordOrThrow({ ...ctx, db: tx as never }, id));
      // After the write, so no server can attach this policy between the check and the commit.
      await assertServersCanUse(tx, id, prepared.rules);
      await tx.rule.deleteMany({ where: { policyId: id, id: { notIn: prepared.rules.map((rule) => rule.id) } } });
      for (const [position, rule] of prepared.rules.entries()) {
        const data = { ...rule, config: rule.config as object, position };
        await tx.rule.upsert({ where: { id: rule.id }, create: { ...data, policyId: id }, update: data });
      }
      return tx.policy.findUniqueOrThrow({ where: { id }, include: WITH_ORDERED_RULES });
    });
    await announceChange(ctx.db, { type: "policy", id });
    return { policy: toPolicyView(record), issuedKeys: prepared.issued };
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(parsed.name);
    throw error;
  }
}
