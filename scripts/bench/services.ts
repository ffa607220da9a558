import { fork, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { exportJWK, generateKeyPair, SignJWT } from "jose";

/**
 * The processes of a benchmark run, each on a random loopback port, and the guarantee that
 * every one of them is stopped when the run ends, however it ends.
 */
export const ROOT = path.resolve(import.meta.dirname, "../..");
const children = new Set<ChildProcess>();
const temporaryDirectories = new Set<string>();

export function stopAll(): void {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  for (const directory of temporaryDirectories) fs.rmSync(directory, { recursive: true, force: true });
}

/** A directory removed when the run ends, however it ends. */
export function temporaryDirectory(): string {
  const directory = fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "gatehouse-bench-"));
  temporaryDirectories.add(directory);
  return directory;
}
process.on("exit", stopAll);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(130));

/** Starts one of the benchmark's own .mjs servers; resolves with the port it listens on. */
export function forkServer(script: string, env: Record<string, string> = {}): Promise<{ port: number; child: ChildProcess }> {
  const child = fork(path.join(import.meta.dirname, script), [], { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit", "ipc"] });
  children.add(child);
  return new Promise((resolve, reject) => {
    child.once("message", (message) => resolve({ port: (message as { port: number }).port, child }));
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

/** Starts a command and waits until `readyUrl` answers (any status below 500). */
export async function spawnServer(command: string[], env: Record<string, string>, readyUrl: string, timeoutMs: number): Promise<ChildProcess> {
  const child = spawn(command[0]!, command.slice(1), { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
  children.add(child);
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${command.join(" ")} exited with ${child.exitCode}:\n${stderr}`);
    const ok = await fetch(readyUrl, { redirect: "manual" }).then(
      (response) => response.status < 500,
      () => false,
    );
    if (ok) return child;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${command.join(" ")} did not become ready within ${timeoutMs / 1000} s:\n${stderr}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = http.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * CPU time (user + system, seconds) used so far by a process and its descendants, from /proc
 * (Linux). Per request it is a steadier measure of cost than throughput on a shared machine.
 */
export function cpuSeconds(pid: number): number {
  const ticksPerSecond = 100;
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
      stats.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process ended while we looked.
    }
  }
  const inTree = (candidate: number): boolean => {
    for (let current: number | undefined = candidate, depth = 0; current && depth < 10; current = stats.get(current)?.ppid, depth++) {
      if (current === pid) return true;
    }
    return false;
  };
  let ticks = 0;
  for (const [candidate, stat] of stats) if (inTree(candidate)) ticks += stat.ticks;
  return ticks / ticksPerSecond;
}

/** Resident memory of a process, in MB, from /proc (Linux). */
export function rssMb(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kb) ? Math.round(kb / 1024) : null;
  } catch {
    return null;
  }
}

/** An issuer publishing one ES256 key, and tokens signed with it, for the JWT Validator. */
export async function startIssuer(): Promise<{ issuer: string; jwksUrl: string; sign(audience: string, scope: string): Promise<string>; close(): void }> {
  const { privateKey, publicKey } = await generateKeyPair("ES256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "bench", alg: "ES256", use: "sig" };
  const server = http.createServer((req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(req.url?.startsWith("/jwks") ? { keys: [jwk] } : {}));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    sign: (audience, scope) =>
      new SignJWT({ scope, client_id: "bench-agent" })
        .setProtectedHeader({ alg: "ES256", kid: "bench" })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject("bench-agent")
        .setIssuedAt()
        .setExpirationTime("2h")
        .sign(privateKey),
    close: () => server.close(),
  };
}
