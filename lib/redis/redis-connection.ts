import { Redis } from "ioredis";
import { getEnv } from "../env";
import { logLine } from "../log-line";

/**
 * "commands": Client Throttling counters, change notices sent, readiness pings. Used on the
 * request path, so a command never waits for Redis: while disconnected it fails at once
 * (no offline queue), and on a connection that stopped answering it fails after
 * COMMAND_TIMEOUT_MS. The policy then decides (fail open or closed).
 * "subscriber": receives change notices; a connection in subscriber mode can run nothing
 * else. Its subscription is queued until connected and renewed after every reconnect.
 */
export type RedisRole = "commands" | "subscriber";

export const COMMAND_TIMEOUT_MS = 500;

/** Opens a connection that reconnects by itself (every 0.2 s, backing off to every 2 s) and logs outages once. */
export function connectRedis(url: string, role: RedisRole): Redis {
  const client = new Redis(url, {
    connectionName: `gatehouse-${role}`,
    enableOfflineQueue: role === "subscriber",
    maxRetriesPerRequest: role === "subscriber" ? null : 0,
    commandTimeout: role === "commands" ? COMMAND_TIMEOUT_MS : undefined,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  let down = false;
  const lost = (reason: string) => {
    if (down) return;
    down = true;
    logLine("warn", "Redis is unavailable; reconnecting", { role, redis: redactedUrl(url), error: reason });
  };
  // Without an "error" listener ioredis prints every failed reconnect attempt; one line per outage is enough.
  client.on("error", (error: Error) => lost(error.message));
  client.on("close", () => lost("connection closed"));
  client.on("ready", () => {
    if (!down) return;
    down = false;
    logLine("info", "Redis is available again", { role, redis: redactedUrl(url) });
  });
  return client;
}

/** The URL without its password, for logs. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "redis://…";
  }
}

/**
 * The process's command connection, or null without REDIS_URL. On globalThis because the
 * production entry and the Next.js bundle load this module separately and must share it.
 */
const KEY = Symbol.for("gatehouse.redis");
type Holder = { [KEY]?: Redis | null };

export function sharedRedis(): Redis | null {
  const holder = globalThis as Holder;
  if (holder[KEY] === undefined) {
    const url = getEnv().REDIS_URL;
    holder[KEY] = url ? connectRedis(url, "commands") : null;
  }
  return holder[KEY];
}

/** "ok", or why Redis does not answer (for /readyz). */
export async function redisHealth(client: Redis): Promise<string> {
  if (client.status !== "ready") return `unreachable: connection is ${client.status}`;
  try {
    const answer = await client.ping();
    return answer === "PONG" ? "ok" : `unexpected answer to PING: ${answer}`;
  } catch (error) {
    return `unreachable: ${error instanceof Error ? error.message : String(error)}`;
  }
}
