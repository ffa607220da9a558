// `npm run build`: the Next.js console, then the production entry (server/main.ts) bundled
// into dist/server.mjs with every package left external, and a fingerprint of the sources so
// that `npm start` knows when a rebuild is needed.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { sourceFingerprint, FINGERPRINT_FILE } from "./source-fingerprint.mjs";

const root = path.resolve(import.meta.dirname, "..");
process.env.NEXT_TELEMETRY_DISABLED = "1";

const next = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], { cwd: root, stdio: "inherit" });
if (next.status !== 0) process.exit(next.status ?? 1);

await build({
  entryPoints: [path.join(root, "server/main.ts")],
  outfile: path.join(root, "dist/server.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
  tsconfig: path.join(root, "tsconfig.json"),
});

fs.writeFileSync(path.join(root, FINGERPRINT_FILE), sourceFingerprint(root));
console.log("Built the console (.next) and the production entry (dist/server.mjs).");
