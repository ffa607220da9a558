import type { CatalogChange } from "../catalog/change-events";
import { compilePolicy, type CompiledPolicy, type StoredPolicy } from "../policy/compile";
import type { PolicyPorts } from "../policy/ports";

/** A registered MCP server as the gateway needs it. */
export type StoredServer = {
  id: string;
  slug: string;
  name: string;
  upstreamUrl: string;
  enabled: boolean;
  timeoutSeconds: number;
  policy: StoredPolicy | null;
};

export type GatewayRoute = {
  server: { id: string; slug: string; name: string; upstreamUrl: URL; upstreamHref: string; enabled: boolean; timeoutMs: number };
  policy: CompiledPolicy | null;
  /**
   * Request headers that never go upstream: credentials and the headers the gateway sets from
   * claims; a second set for when "Propagate raw token" keeps the Authorization header.
   */
  stripHeaders: { all: ReadonlySet<string>; keepingAuthorization: ReadonlySet<string> };
  /** Why the route cannot serve (no policy, a policy that does not compile); null when it can. */
  problem: string | null;
};

/** Where routes come from: the catalog's database in production, a list in tests. */
export interface RouteSource {
  servers(filter?: { serverId?: string; policyId?: string }): Promise<StoredServer[]>;
}

/**
 * The gateway's in-memory view of servers and their compiled policies. Requests never query
 * the database: they read this table. A catalog change marks it stale at once and the next
 * request waits for the (single) reload of just what changed, so it sees the change.
 */
export class RouteTable {
  private routes = new Map<string, GatewayRoute>();
  private slugById = new Map<string, string>();
  private compiled = new Map<string, { version: number; result: ReturnType<typeof compilePolicy> }>();
  private pending: CatalogChange[] | "all" = "all";
  private syncing: Promise<void> | null = null;
  private everLoaded = false;

  constructor(
    private readonly source: RouteSource,
    private readonly ports: PolicyPorts,
  ) {}

  /**
   * The route of a slug; undefined when no server has it. A promise only while a catalog
   * change is being loaded: the common case costs no await.
   */
  lookup(slug: string): GatewayRoute | undefined | Promise<GatewayRoute | undefined> {
    if (this.pending === "all" || this.pending.length > 0) return this.sync().then(() => this.routes.get(slug));
    return this.routes.get(slug);
  }

  notify(change: CatalogChange): void {
    if (this.pending !== "all") this.pending.push(change);
  }

  /** Loads everything now (at start, so the first request does not pay for it). */
  async warm(): Promise<void> {
    await this.sync();
  }

  get size(): number {
    return this.routes.size;
  }

  /** True once every server and policy has been loaded (for /readyz). */
  get loaded(): boolean {
    return this.everLoaded;
  }

  private sync(): Promise<void> {
    this.syncing ??= this.apply().finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }

  private async apply(): Promise<void> {
    while (this.pending === "all" || this.pending.length > 0) {
      const changes = this.pending;
      this.pending = [];
      if (changes === "all") {
        const servers = await this.source.servers();
        this.routes = new Map();
        this.slugById = new Map();
        for (const server of servers) this.put(server);
        this.everLoaded = true;
        continue;
      }
      for (const change of changes) {
        if (change.type === "policy") {
          this.compiled.delete(change.id);
          for (const server of await this.source.servers({ policyId: change.id })) this.put(server);
        } else {
          const [server] = await this.source.servers({ serverId: change.id });
          this.remove(change.id);
          if (server) this.put(server);
        }
      }
    }
  }

  private remove(serverId: string): void {
    const slug = this.slugById.get(serverId);
    if (slug !== undefined) this.routes.delete(slug);
    this.slugById.delete(serverId);
  }

  private put(server: StoredServer): void {
    this.remove(server.id);
    let policy: CompiledPolicy | null = null;
    let problem: string | null = null;
    if (!server.policy) {
      problem = "no policy is attached";
    } else {
      const result = this.compile(server.policy);
      if (result.ok) policy = result.policy;
      else problem = `its policy cannot be enforced: ${result.problems.join("; ")}`;
    }
    const strip = policy ? [...policy.upstreamHeaderNames, ...policy.credentialHeaders] : [];
    const upstreamUrl = new URL(server.upstreamUrl);
    this.routes.set(server.slug, {
      stripHeaders: { all: new Set(strip), keepingAuthorization: new Set(strip.filter((name) => name !== "authorization")) },
      server: {
        id: server.id,
        slug: server.slug,
        name: server.name,
        upstreamUrl,
        upstreamHref: upstreamUrl.href,
        enabled: server.enabled,
        timeoutMs: server.timeoutSeconds * 1000,
      },
      policy,
      problem,
    });
    this.slugById.set(server.id, server.slug);
  }

  /** One compilation per policy version, shared by every server using it. */
  private compile(stored: StoredPolicy) {
    const cached = this.compiled.get(stored.id);
    if (cached && cached.version === stored.version) return cached.result;
    const result = compilePolicy(stored, this.ports);
    this.compiled.set(stored.id, { version: stored.version, result });
    return result;
  }
}
