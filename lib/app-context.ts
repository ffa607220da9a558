import type { CatalogContext } from "./catalog/context";
import { getDb } from "./db";
import { getServerSecrets } from "./server-secrets";

/** The catalog context of the running app: the process's database and sealing key. */
export function appContext(): CatalogContext {
  return { db: getDb(), sealingKey: getServerSecrets().sealingKey };
}
