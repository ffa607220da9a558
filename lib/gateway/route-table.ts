import type { CatalogChange } from "../catalog/change-events";
import { joinNames } from "../catalog/join-names";
import { compilePolicy, type CompiledPolicy, type StoredPolicy } from "../policy/compile";
import type { PolicyPorts } from "../policy/ports";

/** A registered MCP server or API service as the gateway needs it. */
export type StoredTarget = {
  id: string;
  slug: string;
  name: string;
  /** The MCP server's URL, or the API service's base URL. */
  upstreamUrl: string;
  enabled: boolean;
  timeoutSeconds: number;
  policy: StoredPolicy | null;
};

export type GatewayRoute = {
  target: { id: string; slug: string; name: string; upstreamUrl: URL; upstreamHref: string; enabled: boolean; timeoutMs: number };
  policy: CompiledPolicy | null;
  /**
   * Request headers that never go upstream: credentials and the headers the gateway sets from
   * claims; a second set for when "Propagate raw token" keeps the Authorization header.
   */
  stripHeaders: { all: ReadonlySet<string>; keepingAuthorization: ReadonlySet<string> };
  /** Why the route cannot serve (no policy, a policy that does not compile); null when it can. */
  problem: string | null;
  /**
   * Unique to this build of the route: a saved registration or policy builds a new one, so
   * that responses cached for an older build are never served again.
   */
  generation: number;
};

/** Where routes come from: the catalog's database in production, a list in tests. */
export interface RouteSource {
  load(filter?: { id?: string; policyId?: string }): Promise<StoredTarget[]>;
}

/** The two kinds of route: MCP servers at /mcp/<slug>, API services at /apis/<slug>/. */
export type RouteKind = "mcp" | "api";

const CHANGE_TYPE: Record<RouteKind, CatalogChange["type"]> = { mcp: "server", api: "service" };

let generations = 0;

/**
 * The gateway's in-memory view of one kind of route and their compiled policies. Requests
 * never query the database: they read this table. A catalog change marks it stale at once
 * and the next request waits for the (single) reload of just what changed, so it sees the
 * change.
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
    readonly kind: RouteKind = "mcp",
  ) {}

  /**
   * The route of a slug; undefined when none has it. A promise only while a catalog change
   * is being loaded: the common case costs no await.
   */
  lookup(slug: string): GatewayRoute | undefined | Promise<GatewayRoute | undefined> {
    if (this.pending === "all" || this.pending.length > 0) return this.sync().then(() => this.routes.get(slug));
    return this.routes.get(slug);
  }

  /** Policy changes concern both kinds of route; registration changes only their own kind. */
  notify(change: CatalogChange): void {
    if (change.type !== "policy" && change.type !== CHANGE_TYPE[this.kind]) return;
    if (this.pending !== "all") this.pending.push(change);
  }

  /**
   * Loads everything again: another instance changed the catalog and it is not known what
   * (catalog-change-feed.ts). Requests meanwhile wait for the new table, as after a change.
   */
  refresh(): Promise<void> {
    this.pending = "all";
    return this.sync();
  }

  /** Loads everything now (at start, so the first request does not pay for it). */
  async warm(): Promise<void> {
    await this.sync();
  }

  get size(): number {
    return this.routes.size;
  }

  /** True once every route and policy has been loaded (for /readyz). */
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
        const targets = await this.source.load();
        this.routes = new Map();
        this.slugById = new Map();
        for (const target of targets) this.put(target);
        this.everLoaded = true;
        continue;
      }
      for (const change of changes) {
        if (change.type === "policy") {
          this.compiled.delete(change.id);
          for (const target of await this.source.load({ policyId: change.id })) this.put(target);
        } else {
          const [target] = await this.source.load({ id: change.id });
          this.remove(change.id);
          if (target) this.put(target);
        }
      }
    }
  }

  private remove(id: string): void {
    const slug = this.slugById.get(id);
    if (slug !== undefined) this.routes.delete(slug);
    this.slugById.delete(id);
  }

  private put(target: StoredTarget): void {
    this.remove(target.id);
    let policy: CompiledPolicy | null = null;
    let problem: string | null = null;
    if (!target.policy) {
      problem = "no policy is attached";
    } else {
      const result = this.compile(target.policy);
      if (!result.ok) problem = `its policy cannot be enforced: ${result.problems.join("; ")}`;
      // The catalog refuses such a policy for MCP servers; this keeps one from ever being half-enforced.
      else if (this.kind === "mcp" && result.policy.mcpIncompatible.length > 0) problem = `its policy cannot be enforced: MCP servers cannot use ${joinNames(result.policy.mcpIncompatible)}`;
      else policy = result.policy;
    }
    const strip = policy ? [...policy.upstreamHeaderNames, ...policy.credentialHeaders] : [];
    const upstreamUrl = new URL(target.upstreamUrl);
    this.routes.set(target.slug, {
      stripHeaders: { all: new Set(strip), keepingAuthorization: new Set(strip.filter((name) => name !== "authorization")) },
      target: {
        id: target.id,
        slug: target.slug,
        name: target.name,
        upstreamUrl,
        upstreamHref: upstreamUrl.href,
        enabled: target.enabled,
        timeoutMs: target.timeoutSeconds * 1000,
      },
      policy,
      problem,
      generation: ++generations,
    });
    this.slugById.set(target.id, target.slug);
  }

  /** One compilation per policy version, shared by every route using it. */
  private compile(stored: StoredPolicy) {
    const cached = this.compiled.get(stored.id);
    if (cached && cached.version === stored.version) return cached.result;
    const result = compilePolicy(stored, this.ports);
    this.compiled.set(stored.id, { version: stored.version, result });
    return result;
  }
}
