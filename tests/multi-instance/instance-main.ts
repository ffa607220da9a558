import http from "node:http";
import type { AddressInfo } from "node:net";
import { appContext } from "@/lib/app-context";
import type { Actor } from "@/lib/catalog/actor";
import { createPolicy } from "@/lib/catalog/create-policy";
import { createServer } from "@/lib/catalog/create-server";
import { createService } from "@/lib/catalog/create-service";
import { CatalogError } from "@/lib/catalog/errors";
import { getPolicyOrThrow } from "@/lib/catalog/get-policy-or-throw";
import { updatePolicy } from "@/lib/catalog/update-policy";
import { updateServer } from "@/lib/catalog/update-server";
import { updateService } from "@/lib/catalog/update-service";
import { getDb } from "@/lib/db";
import { gatewayRuntime } from "@/lib/gateway/gateway-runtime";
import { nodeGatewayHandler } from "@/lib/gateway/node-handler";
import { checkReadiness } from "@/lib/gateway/readiness";

/**
 * One gateway instance of the multi-instance tests, in a process of its own so that it shares
 * nothing in memory with the others: the production runtime (gatewayRuntime(), configured by
 * DATABASE_URL and REDIS_URL) mounted on node:http as server/main.ts mounts it, and /readyz's
 * checks. Not the Next.js console, which needs a build; its part, changing the catalog, is
 * played by POST /control: the catalog's use cases called in this process, as the REST API
 * calls them.
 */
const admin: Actor = { userId: "multi-instance", email: "admin@example.com", role: "admin", via: "api-token" };

const operations: Record<string, (body: { id?: string; input?: unknown }) => Promise<unknown>> = {
  createPolicy: ({ input }) => createPolicy(appContext(), admin, input),
  getPolicy: ({ id }) => getPolicyOrThrow(appContext(), admin, id!),
  updatePolicy: ({ id, input }) => updatePolicy(appContext(), admin, id!, input),
  createServer: ({ input }) => createServer(appContext(), admin, input),
  updateServer: ({ id, input }) => updateServer(appContext(), admin, id!, input),
  createService: ({ input }) => createService(appContext(), admin, input),
  updateService: ({ id, input }) => updateService(appContext(), admin, id!, input),
};

async function control(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { operation: string; id?: string; input?: unknown };
  const operation = operations[body.operation];
  let status = 200;
  let result: unknown;
  if (!operation) {
    status = 404;
    result = { error: `no operation ${body.operation}` };
  } else {
    try {
      result = await operation(body);
    } catch (error) {
      status = error instanceof CatalogError ? error.status : 500;
      result = { error: error instanceof Error ? error.message : String(error), issues: error instanceof CatalogError ? error.issues : undefined };
    }
  }
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(result));
}

async function main(): Promise<void> {
  const runtime = gatewayRuntime();
  await Promise.all([runtime.routes.warm(), runtime.apiRoutes.warm()]);
  const handleGateway = nodeGatewayHandler(runtime.gateway, runtime);
  const handleApiGateway = nodeGatewayHandler(runtime.apiGateway, runtime);
  const server = http.createServer((req, res) => {
    const url = req.url ?? "/";
    if (url.startsWith("/apis/")) return void handleApiGateway(req, res);
    if (url.startsWith("/mcp/")) return void handleGateway(req, res);
    if (url === "/readyz") {
      void checkReadiness(getDb(), runtime).then(({ ready, checks }) => res.writeHead(ready ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify({ ready, checks })));
      return;
    }
    if (url === "/control" && req.method === "POST") return void control(req, res);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.stdout.write(`${JSON.stringify({ msg: "instance listening", port: (server.address() as AddressInfo).port })}\n`);
  process.once("SIGTERM", () => process.exit(0));
}

main().catch((error: unknown) => {
  process.stderr.write(`instance failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
