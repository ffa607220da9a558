import { z } from "zod";
import { isPostgresUrl, resolveDatabaseUrl, resolveDataDir } from "./database-url";

/**
 * The process environment, parsed once. Nothing else reads process.env (DESIGN.md §2), so
 * every setting, its default and its validation is listed here. No variable is required:
 * the first run works with none (secrets are generated into the data directory).
 */
const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Address to listen on; all interfaces when unset. (Not HOSTNAME: shells and containers set that.) */
  GATEHOUSE_HOST: optionalString,
  /** file:<path> for SQLite (the default, in the data directory), postgresql://… for PostgreSQL. */
  DATABASE_URL: optionalString.refine(
    (value) => value === undefined || value.startsWith("file:") || isPostgresUrl(value),
    "must be file:<path> (SQLite) or postgresql://user:password@host:5432/database (PostgreSQL)",
  ),
  GATEHOUSE_DATA_DIR: optionalString,
  /**
   * redis://[user:password@]host:6379[/db] (rediss:// for TLS): Client Throttling counters shared
   * by every instance, and change notices between them. Unset: counters in memory, changes
   * noticed through the database.
   */
  REDIS_URL: optionalString.refine(
    (value) => value === undefined || /^rediss?:\/\/[^/]/.test(value),
    "must be redis://[user:password@]host:6379[/db] or rediss://… (TLS)",
  ),
  /** Signs console sessions; generated into the data directory when unset. NEXTAUTH_SECRET is accepted too. */
  GATEHOUSE_SESSION_SECRET: optionalString.refine((value) => value === undefined || value.length >= 32, "must be at least 32 characters"),
  NEXTAUTH_SECRET: optionalString,
  /** 32 bytes, base64: seals client secrets at rest; generated into the data directory when unset. */
  GATEHOUSE_SEALING_KEY: optionalString.refine(
    (value) => value === undefined || Buffer.from(value, "base64").length === 32,
    "must be 32 bytes, base64-encoded (openssl rand -base64 32)",
  ),
  /** Creates the first admin on start when no user exists yet. */
  GATEHOUSE_ADMIN_EMAIL: optionalString.pipe(z.email().optional()),
  GATEHOUSE_ADMIN_PASSWORD: optionalString,
  /** The origin people and MCP clients reach Gatehouse at, e.g. https://gatehouse.example.com. */
  GATEHOUSE_PUBLIC_URL: optionalString.pipe(z.url().optional()),
  /** Proxies (CIDRs, comma-separated) whose X-Forwarded-For/Forwarded the gateway believes. Default: none. */
  GATEHOUSE_TRUSTED_PROXIES: optionalString,
  /** Seconds of silence after which an event stream gets a keep-alive comment (0: never). */
  GATEHOUSE_SSE_KEEPALIVE_SECONDS: z.coerce.number().min(0).max(3600).default(15),
  /** The request body limit of MCP servers whose policy sets none, in bytes. */
  GATEHOUSE_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(1_000_000_000).default(32 * 1024 * 1024),
  /** One log line per gateway request ("on"), or none ("off"). */
  GATEHOUSE_REQUEST_LOG: z.enum(["on", "off"]).default("on"),
});

export type Env = z.output<typeof schema> & { dataDir: string; databaseUrl: string; sessionSecret?: string };

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  const dataDir = resolveDataDir(parsed.data.GATEHOUSE_DATA_DIR);
  cached = {
    ...parsed.data,
    dataDir,
    databaseUrl: resolveDatabaseUrl(parsed.data.DATABASE_URL, dataDir),
    sessionSecret: parsed.data.GATEHOUSE_SESSION_SECRET ?? parsed.data.NEXTAUTH_SECRET,
  };
  return cached;
}

/** For tests that change the environment between cases. */
export function resetEnvForTests(): void {
  cached = undefined;
}
