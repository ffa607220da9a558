import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { getEnv } from "./env";
import { parseSealingKey } from "./crypto/sealing";

/**
 * The secrets the app needs: the console session secret and the sealing key. Taken from the
 * environment when set there; otherwise generated on first start and kept in
 * `<data dir>/secrets.json`, readable by the owner only (0600), so that a first run needs
 * no configuration and a restart keeps sessions and sealed secrets valid.
 */
export type ServerSecrets = { sessionSecret: string; sealingKey: Buffer };

type StoredSecrets = { sessionSecret: string; sealingKey: string };

const FILE_NAME = "secrets.json";

function readStored(file: string): StoredSecrets | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<StoredSecrets>;
  if (typeof parsed.sessionSecret !== "string" || typeof parsed.sealingKey !== "string") {
    throw new Error(`${file} is damaged: expected sessionSecret and sealingKey`);
  }
  return parsed as StoredSecrets;
}

/** Reads the stored secrets, creating the file when it does not exist yet. */
export function loadOrCreateStoredSecrets(dataDir: string): StoredSecrets {
  const file = path.join(dataDir, FILE_NAME);
  const existing = readStored(file);
  if (existing) return existing;
  fs.mkdirSync(dataDir, { recursive: true });
  const fresh: StoredSecrets = {
    sessionSecret: randomBytes(32).toString("base64url"),
    sealingKey: randomBytes(32).toString("base64"),
  };
  try {
    // "wx": never overwrite a file another process created a moment ago; read theirs instead.
    fs.writeFileSync(file, JSON.stringify(fresh, null, 2) + "\n", { mode: 0o600, flag: "wx" });
    return fresh;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return readStored(file)!;
    throw error;
  }
}

let cached: ServerSecrets | undefined;

export function getServerSecrets(): ServerSecrets {
  if (cached) return cached;
  const env = getEnv();
  const needStored = !env.sessionSecret || !env.GATEHOUSE_SEALING_KEY;
  const stored = needStored ? loadOrCreateStoredSecrets(env.dataDir) : undefined;
  cached = {
    sessionSecret: env.sessionSecret ?? stored!.sessionSecret,
    sealingKey: parseSealingKey(env.GATEHOUSE_SEALING_KEY ?? stored!.sealingKey),
  };
  return cached;
}
