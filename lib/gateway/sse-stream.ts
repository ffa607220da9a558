import { Transform, type TransformCallback } from "node:stream";

/**
 * Passes a text/event-stream through event by event: nothing is held back longer than it
 * takes to see an event's end, and an idle stream gets a comment line every `keepAliveMs` so
 * that proxies and clients do not time it out. When `rewrite` is given, each event's data is
 * offered to it (the tools/list filter) and replaced by what it returns.
 */
export type SseOptions = { keepAliveMs: number; rewrite?: (data: string) => string };

const KEEP_ALIVE = Buffer.from(": keep-alive\n\n");

/**
 * One timer for every open stream: a timer per stream would cost more than the stream itself
 * for the many short event-stream answers to POSTs.
 */
const openStreams = new Set<SseStream>();
let ticker: NodeJS.Timeout | null = null;
let tickMs = 0;

function watch(stream: SseStream, keepAliveMs: number): void {
  openStreams.add(stream);
  const interval = Math.max(50, Math.floor(keepAliveMs / 3));
  if (ticker && interval >= tickMs) return;
  if (ticker) clearInterval(ticker);
  tickMs = interval;
  ticker = setInterval(() => {
    const now = Date.now();
    for (const open of openStreams) open.keepAlive(now);
    if (openStreams.size === 0 && ticker) {
      clearInterval(ticker);
      ticker = null;
    }
  }, interval);
  ticker.unref();
}

export class SseStream extends Transform {
  private pending = "";
  private atBoundary = true;
  private lastWrite = Date.now();

  constructor(private readonly options: SseOptions) {
    super();
    if (options.keepAliveMs > 0) watch(this, options.keepAliveMs);
  }

  /** Called by the shared ticker: a comment line when the stream is idle between events. */
  keepAlive(now: number): void {
    if (this.atBoundary && now - this.lastWrite >= this.options.keepAliveMs) this.emit_(KEEP_ALIVE);
  }

  private emit_(chunk: Buffer | string): void {
    this.lastWrite = Date.now();
    this.push(chunk);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (!this.options.rewrite) {
      const text = chunk.toString("latin1");
      this.atBoundary = text.endsWith("\n\n") || text.endsWith("\r\n\r\n");
      this.emit_(chunk);
      callback();
      return;
    }
    this.pending += chunk.toString("utf8");
    const events = this.pending.split(/\r?\n\r?\n/);
    this.pending = events.pop() ?? "";
    for (const event of events) this.emit_(this.rewriteEvent(event) + "\n\n");
    this.atBoundary = this.pending === "";
    callback();
  }

  override _flush(callback: TransformCallback): void {
    if (this.pending) this.emit_(this.rewriteEvent(this.pending));
    this.stop();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.stop();
    callback(error);
  }

  private stop(): void {
    openStreams.delete(this);
  }

  /** Rewrites the data of one event; other fields (event, id, retry, comments) are kept. */
  private rewriteEvent(event: string): string {
    const lines = event.split(/\r?\n/);
    const data = lines.filter((line) => line.startsWith("data:")).map((line) => line.slice(line.startsWith("data: ") ? 6 : 5));
    if (data.length === 0) return event;
    const rewritten = this.options.rewrite!(data.join("\n"));
    const others = lines.filter((line) => !line.startsWith("data:"));
    return [...others, ...rewritten.split("\n").map((line) => `data: ${line}`)].join("\n");
  }
}
