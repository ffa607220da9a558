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

/**
 * Whether a database URL points at PostgreSQL (`postgresql://` or `postgres://`, the two schemes
 * libpq accepts); anything else is the embedded SQLite database. scripts/db/database-url.mjs
 * repeats this test for the scripts that run on plain node.
 */
export function isPostgresUrl(url: string | undefined): boolean {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url.trim());
}
