// A hash over everything a build depends on. `npm start` rebuilds when it differs from the
// one recorded by the last build, so a fresh clone or a `git pull` never serves stale code.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const FINGERPRINT_FILE = ".next/gatehouse-source-fingerprint";

const DIRECTORIES = ["app", "components", "lib", "server", "public", "prisma"];
const FILES = ["next.config.js", "postcss.config.mjs", "tsconfig.json", "package-lock.json", "package.json"];

function* walk(directory) {
  let entries;
  try {
    entries = fs.readdirSync(directory, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (!/\.test\.tsx?$/.test(entry.name)) yield full;
  }
}

export function sourceFingerprint(root) {
  const hash = createHash("sha256");
  const files = [...DIRECTORIES.flatMap((directory) => [...walk(path.join(root, directory))]), ...FILES.map((file) => path.join(root, file))];
  for (const file of files) {
    if (!fs.existsSync(file)) continue;
    hash.update(path.relative(root, file)).update("\0").update(fs.readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}

export function buildIsCurrent(root) {
  try {
    return fs.readFileSync(path.join(root, FINGERPRINT_FILE), "utf8") === sourceFingerprint(root) && fs.existsSync(path.join(root, "dist/server.mjs"));
  } catch {
    return false;
  }
}
