import http from "node:http";
import next from "next";
import { appContext } from "../lib/app-context";
import { ensureAdminFromEnv } from "../lib/catalog/ensure-admin-from-env";
import { CLIENT_ADDRESS_HEADER } from "../lib/client-address-header";
import { resolveClientAddress } from "../lib/gateway/client-address";
import { gatewayRuntime } from "../lib/gateway/gateway-runtime";
import { headerValue } from "../lib/gateway/http-headers";
import { nodeGatewayHandler } from "../lib/gateway/node-handler";
import { getEnv } from "../lib/env";
import { getServerSecrets } from "../lib/server-secrets";
import { logLine } from "../lib/log-line";

/**
 * The production entry behind `npm start`: one node:http server for the console (Next.js)
 * and the gateways. /mcp/* and /apis/* go straight to their gateway cores on node:http and
 * undici, without Next's request pipeline (DESIGN.md §1: about 8× the throughput); everything
 * else goes to Next.js.
 */
async function main(): Promise<void> {
  const env = getEnv();
  getServerSecrets();

  // next-auth derives its own URL from NEXTAUTH_URL; without a configured public URL it
  // follows the Host the browser used, so that http://localhost:PORT and a LAN address both work.
  if (env.GATEHOUSE_PUBLIC_URL) process.env.NEXTAUTH_URL ??= env.GATEHOUSE_PUBLIC_URL;
  else process.env.AUTH_TRUST_HOST ??= "true";

  const created = await ensureAdminFromEnv(appContext(), env);
  if (created) logLine("info", "created the first admin from GATEHOUSE_ADMIN_EMAIL", { email: created });

  const runtime = gatewayRuntime();
  await Promise.all([runtime.routes.warm(), runtime.apiRoutes.warm()]);
  const handleGateway = nodeGatewayHandler(runtime.gateway, runtime);
  const handleApiGateway = nodeGatewayHandler(runtime.apiGateway, runtime);

  const app = next({ dev: false, dir: process.cwd(), hostname: env.GATEHOUSE_HOST ?? "localhost", port: env.PORT });
  await app.prepare();
  const handleWithNext = app.getRequestHandler();

  // Node's default 16 KiB header limit would answer an oversized token with a bare 431; the
  // gateway refuses tokens over 16 KB itself, with a JSON-RPC error and a challenge.
  const server = http.createServer({ maxHeaderSize: 64 * 1024 }, (request, response) => {
    if (request.url?.startsWith("/apis/") || request.url?.startsWith("/.well-known/oauth-protected-resource/apis/")) {
      void handleApiGateway(request, response);
      return;
    }
    if (request.url?.startsWith("/mcp/") || request.url?.startsWith("/.well-known/oauth-protected-resource/")) {
      void handleGateway(request, response);
      return;
    }
    // Route handlers cannot see the socket: pass the client's address, and never a client's copy.
    request.headers[CLIENT_ADDRESS_HEADER] = resolveClientAddress(
      request.socket.remoteAddress,
      { forwardedFor: headerValue(request.headers, "x-forwarded-for"), forwarded: headerValue(request.headers, "forwarded") },
      runtime.trustedProxies,
    );
    void handleWithNext(request, response);
  });
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve) => server.listen(env.PORT, env.GATEHOUSE_HOST, resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  logLine("info", `Gatehouse is ready on http://localhost:${port}`, { port, dataDir: env.dataDir });

  const stop = (signal: string) => {
    logLine("info", `received ${signal}, closing`);
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
}

main().catch((error: unknown) => {
  logLine("error", "Gatehouse failed to start", { error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
