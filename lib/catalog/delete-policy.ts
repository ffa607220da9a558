import { requireAdmin, type Actor } from "./actor";
import { announceChange } from "./change-events";
import type { CatalogContext } from "./context";
import { CatalogError } from "./errors";
import { getPolicyRecordOrThrow } from "./get-policy-or-throw";
import { joinNames } from "./join-names";

type Users = { servers: string[]; services: string[] };

const quoted = (names: string[]) => joinNames(names.map((name) => `“${name}”`));

function policyInUse(policyName: string, users: Users): CatalogError {
  const kinds = [
    { names: users.servers, one: "MCP server", many: "MCP servers", them: "server", those: "servers" },
    { names: users.services, one: "API service", many: "API services", them: "service", those: "services" },
  ].filter((kind) => kind.names.length > 0);
  let message: string;
  if (kinds.length === 1) {
    const [{ names, one, many, them, those }] = kinds as [(typeof kinds)[number]];
    message =
      names.length === 1
        ? `“${policyName}” is used by the ${one} ${quoted(names)}. Attach another policy to that ${them}, or delete the ${them}, first.`
        : `“${policyName}” is used by ${names.length} ${many}: ${quoted(names)}. Attach another policy to those ${those}, or delete them, first.`;
  } else {
    const part = ({ names, one, many }: (typeof kinds)[number]) => (names.length === 1 ? `the ${one} ${quoted(names)}` : `${names.length} ${many} (${quoted(names)})`);
    message = `“${policyName}” is used by ${kinds.map(part).join(" and by ")}. Attach another policy to them, or delete them, first.`;
  }
  return new CatalogError("in_use", message);
}

/** Deletes a policy that no MCP server or API service uses; one in use is refused with their names. */
export async function deletePolicy(ctx: CatalogContext, actor: Actor | null, id: string): Promise<void> {
  requireAdmin(actor);
  const policy = await getPolicyRecordOrThrow(ctx, id);
  const usedBy = async (): Promise<Users> => {
    const [servers, services] = await Promise.all([
      ctx.db.mcpServer.findMany({ where: { policyId: id }, select: { name: true }, orderBy: { name: "asc" } }),
      ctx.db.apiService.findMany({ where: { policyId: id }, select: { name: true }, orderBy: { name: "asc" } }),
    ]);
    return { servers: servers.map((server) => server.name), services: services.map((service) => service.name) };
  };
  const users = await usedBy();
  if (users.servers.length + users.services.length > 0) throw policyInUse(policy.name, users);
  try {
    await ctx.db.policy.delete({ where: { id } });
  } catch (error) {
    // The foreign keys (onDelete: Restrict) refuse the delete when a server or service attached the policy meanwhile.
    if (isForeignKeyViolation(error)) throw policyInUse(policy.name, await usedBy());
    throw error;
  }
  await announceChange(ctx.db, { type: "policy", id });
}

function isForeignKeyViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === "P2003";
}
