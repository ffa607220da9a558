import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { concurrentStreams, eventSpacing, latency, throughput, type Call } from "./measure";
import { seedBenchData } from "./seed";
import { forkServer, freePort, ROOT, rssMb, spawnServer, startIssuer, stopAll } from "./services";

/**
 * `npm run bench`: Gatehouse next to a direct upstream and a bare node:http + undici proxy, in
 * one run on one machine, so that only ratios inside the run count. `--smoke` runs every step
 * for a moment only, to keep the script working (no budgets are judged then).
 */
const smoke = process.argv.includes("--smoke");
const settings = smoke
  ? { rounds: 1, warmupS: 1, latencyMs: 500, throughputS: 1, streams: 50, fillers: 100 }
  : { rounds: 3, warmupS: 5, latencyMs: 3_000, throughputS: 5, streams: 1_000, fillers: 9_996 };
const deadline = setTimeout(() => {
  console.error("The benchmark ran out of time (15 minutes); stopping.");
  process.exit(2);
}, 15 * 60_000);
deadline.unref();

const log = (message: string) => console.log(`[bench] ${message}`);
const body = (tool: string, extra = "") => JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: tool, arguments: { message: `hi${extra}` } } });
const post = (headers: Record<string, string> = {}, tool = "echo", extra = ""): Call => ({
  method: "POST",
  body: body(tool, extra),
  headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
});

async function main() {
  log(`${os.cpus().length} cores, Node ${process.version}, ${smoke ? "smoke run" : `${settings.rounds} rounds`}`);
  const upstream = await forkServer("upstream.mjs");
  const upstreamUrl = `http://127.0.0.1:${upstream.port}/mcp`;
  const bare = await forkServer("bare-proxy.mjs", { TARGET: upstreamUrl });
  const issuer = await startIssuer();

  log("seeding the databases through the catalog's use cases…");
  const seed = await seedBenchData({ upstreamUrl, issuer: issuer.issuer, jwksUrl: issuer.jwksUrl, fillers: 0 });
  const scaled = await seedBenchData({ upstreamUrl, issuer: issuer.issuer, jwksUrl: issuer.jwksUrl, fillers: settings.fillers });

  log("starting Gatehouse through its production entry (builds first when the sources changed)…");
  const gatehouse = await startGatehouse(seed.dataDir, 900_000);
  const gatehouseScaled = await startGatehouse(scaled.dataDir, 120_000);
  log("starting the Next.js route-handler path (next start)…");
  const nextPort = await freePort();
  const nextServer = await spawnServer(
    [process.execPath, path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(nextPort), "-H", "127.0.0.1"],
    { GATEHOUSE_DATA_DIR: seed.dataDir, NODE_ENV: "production", AUTH_TRUST_HOST: "true", NEXT_TELEMETRY_DISABLED: "1", GATEHOUSE_REQUEST_LOG: "on" },
    `http://127.0.0.1:${nextPort}/healthz`,
    120_000,
  );

  const g = `http://127.0.0.1:${gatehouse.port}`;
  const n = `http://127.0.0.1:${nextPort}`;
  const jwt = await issuer.sign(`${g}/mcp/jwt`, "mcp:access");
  const jwtNext = await issuer.sign(`${n}/mcp/jwt`, "mcp:access");

  const gatehousePid = gatehouse.child.pid!;
  const forwarded: Target[] = [
    { name: "direct upstream", url: upstreamUrl, call: post(), pid: upstream.child.pid },
    { name: "bare proxy (node:http + undici)", url: `http://127.0.0.1:${bare.port}/mcp`, call: post(), pid: bare.child.pid },
    { name: "Gatehouse · Anonymous", url: `${g}/mcp/anon`, call: post(), pid: gatehousePid },
    { name: "Gatehouse · Anonymous · 10,000 servers", url: `http://127.0.0.1:${gatehouseScaled.port}/mcp/anon`, call: post(), pid: gatehouseScaled.child.pid },
    { name: "Gatehouse · API Key", url: `${g}/mcp/apikey`, call: post({ "x-api-key": seed.apiKey }), pid: gatehousePid },
    { name: "Gatehouse · JWT + role + throttle", url: `${g}/mcp/jwt`, call: post({ authorization: `Bearer ${jwt}` }), pid: gatehousePid },
    { name: "bare proxy · SSE answer", url: `http://127.0.0.1:${bare.port}/mcp?sse`, call: post(), pid: bare.child.pid },
    { name: "Gatehouse · JWT + role + throttle · SSE answer", url: `${g}/mcp/jwt?sse`, call: post({ authorization: `Bearer ${jwt}` }), pid: gatehousePid },
    { name: "Next route handler · JWT + role + throttle", url: `${n}/mcp/jwt`, call: post({ authorization: `Bearer ${jwtNext}` }), pid: nextServer.pid },
    { name: "Next trivial route (/healthz)", url: `${n}/healthz`, call: { method: "GET", headers: {} }, pid: nextServer.pid },
  ];
  // Exhaust the one-call tier, so that the 429 path is measured.
  await fetch(`${g}/mcp/limits`, post({ "x-api-key": seed.limitsKey }, "throttled"));
  const refusals: Target[] = [
    { name: "refused 401 (no key)", url: `${g}/mcp/apikey`, call: post(), expect: 401, pid: gatehousePid },
    { name: "refused 403 (tool not allowed)", url: `${g}/mcp/limits`, call: post({ "x-api-key": seed.limitsKey }, "forbidden"), expect: 403, pid: gatehousePid },
    { name: "refused 413 (body over 1 kB)", url: `${g}/mcp/limits`, call: post({ "x-api-key": seed.limitsKey }, "echo", "x".repeat(2_000)), expect: 413, pid: gatehousePid },
    { name: "refused 429 (over the limit)", url: `${g}/mcp/limits`, call: post({ "x-api-key": seed.limitsKey }, "throttled"), expect: 429, pid: gatehousePid },
  ];

  // Streams first, while the gateway's heap holds only what serving needs.
  log(`${settings.streams} concurrent event streams…`);
  const streams = await concurrentStreams(`${g}/mcp/anon`, {}, settings.streams, gatehouse.child.pid!);

  // Every target gets its JIT warmed before anything is recorded, so that the order of the
  // targets in a round does not decide their numbers.
  for (const target of [...forwarded, ...refusals]) {
    log(`warming up: ${target.name}`);
    await throughput(target.url, target.call, settings.warmupS);
  }
  const results = new Map<string, Measured[]>();
  for (let round = 1; round <= settings.rounds; round++) {
    for (const target of [...forwarded, ...refusals]) {
      log(`round ${round}: ${target.name}`);
      const slow = target.expect === undefined ? await latency(target.url, target.call, settings.latencyMs) : null;
      const fast = await throughput(target.url, target.call, settings.throughputS, target.pid);
      const wrong = Object.entries(fast.statuses).filter(([code]) => Number(code) !== (target.expect ?? 200));
      if (wrong.length || fast.errors) throw new Error(`${target.name}: unexpected answers ${JSON.stringify(fast.statuses)}, ${fast.errors} errors`);
      results.set(target.name, [...(results.get(target.name) ?? []), { rps: fast.rps, cpu: fast.cpuMicrosPerRequest, p50: slow?.p50 ?? null, p99: slow?.p99 ?? null }]);
    }
  }

  log("event stream spacing (50 events, 20 ms apart)…");
  const spacingDirect = await eventSpacing(upstreamUrl, {}, 50, 20);
  const spacingGateway = await eventSpacing(`${g}/mcp/anon`, {}, 50, 20);

  const report = formatReport({ results, forwarded, refusals, spacingDirect, spacingGateway, streams, gatewayRssIdle: rssMb(gatehouse.child.pid!) });
  console.log(`\n${report}`);
  // The hand-written analysis (what the profiles showed, what limits it) follows the numbers.
  if (!smoke) fs.writeFileSync(path.join(ROOT, "bench/results.md"), `${report}\n${fs.readFileSync(path.join(import.meta.dirname, "analysis.md"), "utf8")}`);
  issuer.close();
}

type Target = { name: string; url: string; call: Call; expect?: number; pid?: number };
type Measured = { rps: number; cpu: number | null; p50: number | null; p99: number | null };

async function startGatehouse(dataDir: string, timeoutMs: number): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const child = await spawnServer(
    [process.execPath, path.join(ROOT, "scripts/start.mjs")],
    { PORT: String(port), GATEHOUSE_HOST: "127.0.0.1", GATEHOUSE_DATA_DIR: dataDir, DATABASE_URL: "", NEXT_TELEMETRY_DISABLED: "1" },
    `http://127.0.0.1:${port}/healthz`,
    timeoutMs,
  );
  return { port, child };
}

/** The median of the rounds: one disturbed round on a shared machine does not move it. */
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const fmt = (value: number | null, digits = 2) => (value === null ? "—" : value.toFixed(digits));

function formatReport(input: {
  results: Map<string, Measured[]>;
  forwarded: Target[];
  refusals: Target[];
  spacingDirect: Awaited<ReturnType<typeof eventSpacing>>;
  spacingGateway: Awaited<ReturnType<typeof eventSpacing>>;
  streams: Awaited<ReturnType<typeof concurrentStreams>>;
  gatewayRssIdle: number | null;
}): string {
  const summary = (name: string) => {
    const runs = input.results.get(name)!;
    const p50s = runs.map((run) => run.p50).filter((value): value is number => value !== null);
    const p99s = runs.map((run) => run.p99).filter((value): value is number => value !== null);
    const cpus = runs.map((run) => run.cpu).filter((value): value is number => value !== null);
    return {
      rps: median(runs.map((run) => run.rps)),
      cpu: cpus.length ? median(cpus) : null,
      p50: p50s.length ? Math.min(...p50s) : null,
      p99: p99s.length ? Math.min(...p99s) : null,
    };
  };
  const direct = summary("direct upstream");
  const bare = summary("bare proxy (node:http + undici)");
  const bareSse = summary("bare proxy · SSE answer");
  const rows = [...input.forwarded, ...input.refusals].map((target) => {
    const s = summary(target.name);
    const reference = target.name.includes("SSE") ? bareSse : bare;
    const added = s.p50 !== null && direct.p50 !== null ? `${fmt(s.p50 - direct.p50, 3)} / ${fmt(s.p99! - direct.p99!, 3)}` : "—";
    const cpuRatio = s.cpu !== null && reference.cpu !== null ? (reference.cpu / s.cpu).toFixed(2) : "—";
    return `| ${target.name} | ${Math.round(s.rps).toLocaleString("en-US")} | ${(s.rps / reference.rps).toFixed(2)} | ${fmt(s.cpu, 0)} | ${cpuRatio} | ${fmt(s.p50, 3)} | ${fmt(s.p99, 3)} | ${added} |`;
  });
  const jwt = summary("Gatehouse · JWT + role + throttle");
  const forwardedKey = summary("Gatehouse · API Key");
  const routeHandler = summary("Next route handler · JWT + role + throttle");
  const trivial = summary("Next trivial route (/healthz)");
  const one = summary("Gatehouse · Anonymous");
  const many = summary("Gatehouse · Anonymous · 10,000 servers");
  const refusalsCheaper = input.refusals.every((target) => summary(target.name).rps > forwardedKey.rps);
  const verdict = (ok: boolean) => (ok ? "met" : "**not met**");
  const budgets = [
    `| JWT + role + throttle ≥ 0.8 × bare proxy | ${(jwt.rps / bare.rps).toFixed(2)} × throughput (${(bare.cpu! / jwt.cpu!).toFixed(2)} × by CPU per request) | ${verdict(jwt.rps >= 0.8 * bare.rps)} |`,
    `| added latency at 1 connection: p50 ≤ 0.3 ms, p99 ≤ 2 ms (JWT policy) | ${fmt(jwt.p50! - direct.p50!, 3)} ms / ${fmt(jwt.p99! - direct.p99!, 3)} ms | ${verdict(jwt.p50! - direct.p50! <= 0.3 && jwt.p99! - direct.p99! <= 2)} |`,
    `| every refusal cheaper than a forwarded request (API Key: ${Math.round(forwardedKey.rps)} req/s) | ${input.refusals.map((target) => Math.round(summary(target.name).rps)).join(" / ")} req/s | ${verdict(refusalsCheaper)} |`,
    `| ${input.streams.streams} concurrent SSE streams: RSS ≤ 300 MB, no stall | ${input.streams.rssPeakMb} MB peak, ${input.streams.complete}/${input.streams.streams} complete | ${verdict((input.streams.rssPeakMb ?? Infinity) <= 300 && input.streams.complete === input.streams.streams)} |`,
    `| 10,000 servers within 5 % of 1 server | ${((many.rps / one.rps) * 100).toFixed(1)} % | ${verdict(many.rps >= 0.95 * one.rps)} |`,
    `| route handler ≥ 0.8 × a trivial Next route | ${(routeHandler.rps / trivial.rps).toFixed(2)} × | ${verdict(routeHandler.rps >= 0.8 * trivial.rps)} |`,
  ];
  const spacing = (label: string, s: Awaited<ReturnType<typeof eventSpacing>>) =>
    `| ${label} | ${s.events} | ${fmt(s.meanGapMs, 1)} | ${fmt(s.minGapMs, 1)} | ${fmt(s.p99GapMs, 1)} | ${s.encoding} |`;
  return [
    `# Benchmark results`,
    ``,
    `Measured with \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version}, ${settings.rounds} interleaved rounds (medians); load from autocannon (32 connections, ${settings.throughputS} s) and, for latency, one connection timed per request (${settings.latencyMs / 1000} s). Load generator, upstream and gateway share the machine, so only ratios within this run mean something; "CPU µs / request" is the CPU time the serving process (and its children) spent per request during the throughput runs, steadier than throughput on a shared machine; "× bare proxy (CPU)" is bare proxy's CPU per request divided by the target's, the throughput ratio a CPU-bound server would reach.`,
    ``,
    `| Target | req/s (32 conn.) | × bare proxy | CPU µs / request | × bare proxy (CPU) | p50 ms (1 conn.) | p99 ms (1 conn.) | added p50 / p99 ms vs direct |`,
    `|---|---|---|---|---|---|---|---|`,
    ...rows,
    ``,
    `## Budgets`,
    ``,
    `| Budget | Measured | |`,
    `|---|---|---|`,
    ...budgets,
    ``,
    `## Event streams`,
    ``,
    `50 events sent 20 ms apart, requested with \`Accept-Encoding: gzip, br\`:`,
    ``,
    `| Path | events | mean gap ms | min gap ms | p99 gap ms | content-encoding |`,
    `|---|---|---|---|---|---|`,
    spacing("direct", input.spacingDirect),
    spacing("through Gatehouse", input.spacingGateway),
    ``,
    `${input.streams.streams} streams open at once through Gatehouse (10 events each, 500 ms apart): ${input.streams.complete} received every event; gateway RSS ${input.streams.rssBeforeMb} MB before, ${input.streams.rssPeakMb} MB at peak, ${input.gatewayRssIdle} MB after.`,
    ``,
  ].join("\n");
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack ?? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => {
    stopAll();
    clearTimeout(deadline);
    process.exit();
  });
