import path from "node:path";

/** The data directory: SQLite file, generated secrets. Overridable with GATEHOUSE_DATA_DIR. */
export function resolveDataDir(fromEnv: string | undefined = process.env.GATEHOUSE_DATA_DIR): string {
  return path.resolve(fromEnv && fromEnv.trim() !== "" ? fromEnv : "data");
}

/**
 * The database URL, defaulting to the embedded SQLite file in the data directory. A relative
 * `file:` path is made absolute against the working directory so that the CLI, the server
 * and the tests all open the same file.
 */
export function resolveDatabaseUrl(fromEnv: string | undefined, dataDir = resolveDataDir()): string {
  const url = fromEnv && fromEnv.trim() !== "" ? fromEnv.trim() : `file:${path.join(dataDir, "gatehouse.db")}`;
  if (url.startsWith("file:")) {
    const file = url.slice("file:".length);
    return `file:${path.isAbsolute(file) ? file : path.resolve(file)}`;
  }
  return url;
}
