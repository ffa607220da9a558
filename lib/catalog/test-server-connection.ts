import { requireAdmin, type Actor } from "./actor";
import type { CatalogContext } from "./context";
import { parseOrThrow } from "./errors";
import { getServerRecordOrThrow } from "./get-server-or-throw";
import { probeUpstream, type ConnectionTestResult } from "./probe-upstream";
import { connectionSettingsInput, type ConnectionSettings } from "./server-schema";

/** A saved server, by id; or the settings of a form that is not saved yet. */
export type ConnectionTestTarget = { serverId: string } | { upstreamUrl: unknown; timeoutSeconds?: unknown };

/**
 * "Test connection": initialize and tools/list against the upstream, bounded by the request
 * timeout, reporting the server's name, version, protocol version and tools, or exactly what
 * failed. Admins only: it makes Gatehouse open a connection to an address they choose.
 */
export async function testServerConnection(ctx: CatalogContext, actor: Actor | null, target: ConnectionTestTarget): Promise<ConnectionTestResult> {
  requireAdmin(actor);
  return probeUpstream(await settingsOf(ctx, target));
}

async function settingsOf(ctx: CatalogContext, target: ConnectionTestTarget): Promise<ConnectionSettings> {
  if ("serverId" in target) {
    const server = await getServerRecordOrThrow(ctx, target.serverId);
    return { upstreamUrl: server.upstreamUrl, timeoutSeconds: server.timeoutSeconds };
  }
  return parseOrThrow(connectionSettingsInput, target);
}
