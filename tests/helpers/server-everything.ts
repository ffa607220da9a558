import { spawn } from "node:child_process";
import path from "node:path";
import { freePort, waitForPort } from "./free-port";

/**
 * The real upstream of the tests: @modelcontextprotocol/server-everything in Streamable HTTP
 * mode (tools, resources, prompts, progress notifications, SSE), on a free port.
 */
export async function startServerEverything(): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  const port = await freePort();
  const entry = path.join(process.cwd(), "node_modules/@modelcontextprotocol/server-everything/dist/index.js");
  const child = spawn(process.execPath, [entry, "streamableHttp"], { env: { ...process.env, PORT: String(port) }, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  try {
    await waitForPort(port);
  } catch (error) {
    child.kill();
    throw new Error(`server-everything did not start: ${stderr}`, { cause: error });
  }
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    port,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill();
      }),
  };
}
