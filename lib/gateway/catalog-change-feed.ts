import type { CatalogChange, CatalogRevisionNumber } from "../catalog/change-events";
import { logLine } from "../log-line";
import type { RouteSource } from "./route-table";

/** What the feed keeps current: the gateway's route tables. */
export interface ChangeListener {
  /** Reloads what one change concerns. */
  notify(change: CatalogChange): void;
  /** Reloads everything: the catalog changed, and it is not known what. */
  refresh(): Promise<void>;
}

export type CatalogChangeFeedOptions = {
  /** The catalog revision in the database (CatalogRevision). */
  readRevision(): Promise<number>;
  listeners: ChangeListener[];
  /**
   * How often the revision is read. Without Redis that is how other instances' changes arrive
   * (every second); with Redis it only catches notices lost while Redis was unreachable.
   */
  pollMs: number;
};

/**
 * Keeps an instance's route tables in step with a catalog that other instances change too.
 * Every catalog write bumps a revision in the database (lib/catalog/change-events.ts); the feed
 * knows which revision its tables reflect. Changes it hears of (from this process, or from
 * another instance through Redis) are applied one by one and advance that revision when they
 * follow it directly. A poll reads the revision, one primary-key read; when it moved without
 * the feed hearing why, everything is reloaded. Nothing else happens while nothing changes.
 */
export class CatalogChangeFeed {
  /** The revision the tables reflect; null until known. */
  private seen: number | null = null;
  private readonly initial: Promise<void>;
  private checking: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private failing = false;

  constructor(private readonly options: CatalogChangeFeedOptions) {
    this.initial = options.readRevision().then(
      (revision) => {
        this.seen = revision;
      },
      () => undefined,
    );
  }

  /**
   * The route source, loading everything only after the revision is read: a change committed
   * between the two is then seen as a newer revision, never lost.
   */
  source(inner: RouteSource): RouteSource {
    return {
      load: async (filter) => {
        if (!filter || (filter.id === undefined && filter.policyId === undefined)) await this.initial;
        return inner.load(filter);
      },
    };
  }

  /** A change made in this process, or announced by another instance through Redis. */
  heard(change: CatalogChange, revision: CatalogRevisionNumber): void {
    for (const listener of this.options.listeners) listener.notify(change);
    if (revision !== null && this.seen !== null && revision === this.seen + 1) this.seen = revision;
  }

  /** Reads the revision and reloads everything when it moved. Never runs twice at once. */
  check(): Promise<void> {
    this.checking ??= this.compare().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  start(): void {
    this.timer ??= setInterval(() => void this.check(), this.options.pollMs).unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async compare(): Promise<void> {
    let revision: number;
    try {
      revision = await this.options.readRevision();
    } catch (error) {
      if (!this.failing) logLine("warn", "cannot read the catalog revision; changes made through other instances are not seen until it can", { error: error instanceof Error ? error.message.split("\n")[0] : String(error) });
      this.failing = true;
      return;
    }
    if (this.failing) logLine("info", "the catalog revision can be read again");
    this.failing = false;
    await this.initial;
    if (revision === this.seen) return;
    this.seen = revision;
    try {
      await Promise.all(this.options.listeners.map((listener) => listener.refresh()));
    } catch (error) {
      // Not up to date after all: the next check loads everything again.
      this.seen = null;
      logLine("warn", "could not reload the catalog after a change made through another instance", { error: error instanceof Error ? error.message.split("\n")[0] : String(error) });
    }
  }
}
