import path from "node:path";
import { defineConfig } from "@playwright/test";

/**
 * End-to-end tests drive the production entry (`npm start`'s script, building when needed)
 * on a fresh data directory, in Debian's Chromium: nothing is downloaded.
 */
const PORT = Number(process.env.E2E_PORT ?? 3210);
export const E2E_DATA_DIR = path.join(import.meta.dirname, "e2e/.state/data");

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    viewport: { width: 1366, height: 900 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    },
  },
  projects: [
    { name: "first start", testMatch: /first-start\.setup\.ts/ },
    { name: "console", testMatch: /.*\.spec\.ts/, dependencies: ["first start"] },
  ],
  webServer: {
    command: "node e2e/start-fresh-server.mjs",
    url: `http://localhost:${PORT}/login`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: { PORT: String(PORT), GATEHOUSE_DATA_DIR: E2E_DATA_DIR, NEXT_TELEMETRY_DISABLED: "1" },
  },
});
