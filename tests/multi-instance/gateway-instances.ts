import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { createMigratedDatabase, dropDatabase, uniqueDatabaseName } from "../helpers/postgres-databases";
import { freePort, waitForPort } from "../helpers/free-port";

/**
 * What the multi-instance tests run on: gateway instances as separate processes
 * (instance-main.ts), the database they share, and a Redis server of their own.
 */

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() || undefined;
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL?.trim() || undefined;

const root = path.resolve(import.meta.dirname, "..", "..");

/** The database the instances share: PostgreSQL with TEST_DATABASE_URL, else one SQLite file that both processes open. */
export async function sharedDatabase(): Promise<{ url: string; kind: string; cleanup(): Promise<void> }> {
  if (TEST_DATABASE_URL) {
    const name = uniqueDatabaseName("gh_multi");
    const url = await createMigratedDatabase(TEST_DATABASE_URL, name);
    return { url, kind: "PostgreSQL", cleanup: () => dropDatabase(TEST_DATABASE_URL, name) };
  }
  const directory = await mkdtemp(path.join(os.tmpdir(), "gatehouse-multi-"));
  const file = path.join(directory, "gatehouse.db");
  await copyFile(inject("templateDatabasePath"), file);
  return { url: `file:${file}`, kind: "SQLite", cleanup: () => rm(directory, { recursive: true, force: true }) };
}

export type Instance = {
  origin: string;
  /** Everything the instance wrote on standard output and error so far. */
  output(): string;
  /** Calls a catalog use case in the instance's process (instance-main.ts, POST /control). */
  control<T = Record<string, unknown>>(operation: string, body?: { id?: string; input?: unknown }): Promise<T>;
  stop(): Promise<void>;
};

/** Instances that share a database must share the sealing key (README, Running on PostgreSQL). */
const SHARED_SECRETS = {
  GATEHOUSE_SEALING_KEY: Buffer.alloc(32, 9).toString("base64"),
  GATEHOUSE_SESSION_SECRET: "multi-instance-test-session-secret-0123456789",
};

/** Starts an instance: its own process, data directory, database connection and, with a redisUrl, Redis connections. */
export async function startInstance(options: { databaseUrl: string; redisUrl?: string }): Promise<Instance> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "gatehouse-instance-"));
  const env: NodeJS.ProcessEnv = { ...process.env, ...SHARED_SECRETS, DATABASE_URL: options.databaseUrl, GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_REQUEST_LOG: "off" };
  delete env.REDIS_URL;
  if (options.redisUrl) env.REDIS_URL = options.redisUrl;
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "instance-main.ts")], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const port = await new Promise<number>((resolve, reject) => {
    const look = () => {
      const match = /"msg":"instance listening","port":(\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    };
    child.stdout!.on("data", look);
    child.once("exit", (code) => reject(new Error(`the instance exited (${code}) before listening:\n${output}`)));
  });
  const origin = `http://127.0.0.1:${port}`;
  // As an orchestrator would: in service once /readyz says so (Redis connects in the background).
  const ready = await eventually(async () => (await fetch(`${origin}/readyz`)).ok, 20_000, 100);
  if (!ready) {
    await stopChild(child);
    throw new Error(`the instance did not become ready: ${await (await fetch(`${origin}/readyz`).catch(() => null))?.text()}\n${output}`);
  }
  return {
    origin,
    output: () => output,
    async control<T>(operation: string, body: { id?: string; input?: unknown } = {}) {
      const response = await fetch(`${origin}/control`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ operation, ...body }) });
      const result = (await response.json()) as T;
      if (!response.ok) throw new Error(`${operation} failed (${response.status}): ${JSON.stringify(result)}`);
      return result;
    },
    async stop() {
      await stopChild(child);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** redis-server on PATH or in /usr/bin; null when it is not installed. */
export function redisServerBinary(): string | null {
  const directories = [...(process.env.PATH ?? "").split(path.delimiter), "/usr/bin", "/usr/local/bin"];
  for (const directory of directories) {
    const candidate = path.join(directory, "redis-server");
    if (directory && existsSync(candidate)) return candidate;
  }
  return null;
}

/**
 * A Redis server of the test's own, on a free port and without persistence, that the test
 * may stop and start again on the same port (a Redis outage) without disturbing any other
 * user of the machine's Redis.
 */
export async function startOwnRedis(binary: string): Promise<{ url: string; stop(): Promise<void>; start(): Promise<void> }> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn(binary, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    await waitForPort(port);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    async stop() {
      if (child) await stopChild(child);
      child = null;
    },
  };
}

/** Polls `check` until it returns true or `deadlineMs` has passed; returns whether it did. */
export async function eventually(check: () => Promise<boolean>, deadlineMs: number, everyMs = 50): Promise<boolean> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
