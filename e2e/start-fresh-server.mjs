// The end-to-end web server: `npm start`'s own script on an empty data directory, so every
// run begins like a fresh clone with the one-time admin set-up.
import fs from "node:fs";
import path from "node:path";

fs.rmSync(path.join(import.meta.dirname, ".state"), { recursive: true, force: true });
await import("../scripts/start.mjs");
