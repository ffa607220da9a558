import autocannon from "autocannon";
import { Agent, Pool, request } from "undici";
import { cpuSeconds, rssMb } from "./services";

/** What one measurement sends: method, body and headers of a request. */
export type Call = { method: "GET" | "POST"; body?: string; headers: Record<string, string> };

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/**
 * Unloaded latency: one connection, one request at a time, timed with hrtime (autocannon
 * rounds to whole milliseconds, too coarse for a gateway's added fraction of one).
 */
export async function latency(url: string, call: Call, durationMs: number): Promise<{ p50: number; p99: number; count: number }> {
  const target = new URL(url);
  const pool = new Pool(target.origin, { connections: 1, pipelining: 1 });
  const times: number[] = [];
  const end = performance.now() + durationMs;
  try {
    for (let warmup = 0; warmup < 50; warmup++) await (await pool.request({ path: target.pathname + target.search, ...call })).body.dump();
    while (performance.now() < end || times.length < 20) {
      const started = process.hrtime.bigint();
      const response = await pool.request({ path: target.pathname + target.search, ...call });
      await response.body.dump();
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  } finally {
    await pool.close();
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), count: times.length };
}

/**
 * Maximum throughput at `connections` concurrent connections, with the statuses seen and, when
 * `pid` is given, the CPU time that process spent per request (microseconds).
 */
export async function throughput(
  url: string,
  call: Call,
  durationS: number,
  pid?: number,
  connections = 32,
): Promise<{ rps: number; cpuMicrosPerRequest: number | null; statuses: Record<string, number>; errors: number }> {
  const cpuBefore = pid ? cpuSeconds(pid) : 0;
  const result = await autocannon({ url, method: call.method, body: call.body, headers: call.headers, connections, duration: durationS, pipelining: 1 });
  const cpuMicrosPerRequest = pid && result.requests.total > 0 ? ((cpuSeconds(pid) - cpuBefore) * 1e6) / result.requests.total : null;
  const statuses: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = (stats as { count: number }).count;
  return { rps: result.requests.average, cpuMicrosPerRequest, statuses, errors: result.errors + result.timeouts };
}

/**
 * An event stream of `events` events sent `gapMs` apart: how far apart they arrive. A gateway
 * that buffered or compressed would deliver them in bursts.
 */
export async function eventSpacing(url: string, headers: Record<string, string>, events: number, gapMs: number) {
  const target = new URL(url);
  target.searchParams.set("events", String(events));
  target.searchParams.set("gap", String(gapMs));
  const response = await request(target, { headers: { accept: "text/event-stream", "accept-encoding": "gzip, br", ...headers } });
  const arrivals: number[] = [];
  let pending = "";
  for await (const chunk of response.body) {
    pending += (chunk as Buffer).toString("utf8");
    const parts = pending.split("\n\n");
    pending = parts.pop()!;
    for (const part of parts) if (part.includes("data:")) arrivals.push(performance.now());
  }
  const gaps = arrivals.slice(1).map((time, index) => time - arrivals[index]!);
  const sorted = [...gaps].sort((a, b) => a - b);
  return {
    events: arrivals.length,
    encoding: String(response.headers["content-encoding"] ?? "none"),
    meanGapMs: gaps.reduce((sum, gap) => sum + gap, 0) / Math.max(1, gaps.length),
    minGapMs: sorted[0] ?? 0,
    p99GapMs: sorted.length ? percentile(sorted, 99) : 0,
  };
}

/**
 * `count` event streams open at once through one server, each receiving `events` events:
 * the server's peak resident memory, and how many streams got every event.
 */
export async function concurrentStreams(url: string, headers: Record<string, string>, count: number, pid: number, events = 10, gapMs = 500) {
  const target = new URL(url);
  target.searchParams.set("events", String(events));
  target.searchParams.set("gap", String(gapMs));
  const dispatcher = new Agent({ connections: count + 10, keepAliveTimeout: 1_000 });
  const before = rssMb(pid);
  let peak = before ?? 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid) ?? 0)), 100);
  const streams = Array.from({ length: count }, async () => {
    const response = await request(target, { headers: { accept: "text/event-stream", ...headers }, dispatcher });
    let received = 0;
    for await (const chunk of response.body) received += ((chunk as Buffer).toString("utf8").match(/\n\n/g) ?? []).length;
    return received;
  });
  const received = await Promise.all(streams.map((stream) => stream.catch(() => 0)));
  clearInterval(sampler);
  await dispatcher.close();
  return { streams: count, complete: received.filter((n) => n >= events).length, rssBeforeMb: before, rssPeakMb: peak };
}
