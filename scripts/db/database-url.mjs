// For the plain-node scripts (start, the gatehouse command, client generation), which cannot
// import lib/database-url.ts: the same test as its isPostgresUrl.

/** postgresql:// or postgres:// (the two schemes libpq accepts); anything else is the SQLite file. */
export function isPostgresUrl(url) {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url.trim());
}
