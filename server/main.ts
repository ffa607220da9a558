import http from "node:http";
import next from "next";
import { appContext } from "../lib/app-context";
import { ensureAdminFromEnv } from "../lib/catalog/ensure-admin-from-env";
import { CLIENT_ADDRESS_HEADER } from "../lib/client-address-header";
import { getEnv } from "../lib/env";
import { getServerSecrets } from "../lib/server-secrets";

/**
 * The production entry behind `npm start`: one node:http server for the console (Next.js)
 * and, from the gateway issue on, the MCP gateway, which it serves without Next's request
 * pipeline (DESIGN.md §1).
 */
async function main(): Promise<void> {
  const env = getEnv();
  getServerSecrets();

  // next-auth derives its own URL from NEXTAUTH_URL; without a configured public URL it
  // follows the Host the browser used, so that http://localhost:PORT and a LAN address both work.
  if (env.GATEHOUSE_PUBLIC_URL) process.env.NEXTAUTH_URL ??= env.GATEHOUSE_PUBLIC_URL;
  else process.env.AUTH_TRUST_HOST ??= "true";

  const created = await ensureAdminFromEnv(appContext(), env);
  if (created) log("info", "created the first admin from GATEHOUSE_ADMIN_EMAIL", { email: created });

  const app = next({ dev: false, dir: process.cwd(), hostname: env.GATEHOUSE_HOST ?? "localhost", port: env.PORT });
  await app.prepare();
  const handleWithNext = app.getRequestHandler();

  const server = http.createServer((request, response) => {
    // Route handlers cannot see the socket: pass the peer address, and never a client's copy.
    request.headers[CLIENT_ADDRESS_HEADER] = peerAddress(request);
    void handleWithNext(request, response);
  });
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve) => server.listen(env.PORT, env.GATEHOUSE_HOST, resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  log("info", `Gatehouse is ready on http://localhost:${port}`, { port, dataDir: env.dataDir });

  const stop = (signal: string) => {
    log("info", `received ${signal}, closing`);
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
}

function peerAddress(request: http.IncomingMessage): string {
  const address = request.socket.remoteAddress ?? "unknown";
  return address.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
}

function log(level: "info" | "error", msg: string, fields: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }));
}

main().catch((error: unknown) => {
  log("error", "Gatehouse failed to start", { error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
