import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN_STATE } from "./admin";
import { formReady, openForm } from "./forms";

/**
 * The red cross end to end: a policy with a Response Cache is offered to an MCP server but
 * cannot be attached to one (in the form and through the API), while an API service takes it
 * and the gateway then answers the second GET from its cache.
 */
test.describe.configure({ mode: "serial" });

let admin: Page;
let upstream: http.Server;
let upstreamUrl: string;
/** Requests the upstream API answered: a cache hit never reaches it. */
const upstreamHits: string[] = [];

test.beforeAll(async ({ browser }) => {
  upstream = http.createServer((request, response) => {
    upstreamHits.push(`${request.method} ${request.url}`);
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ products: ["tea", "coffee"], served: upstreamHits.length }));
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`;
  admin = await (await browser.newContext({ storageState: ADMIN_STATE })).newPage();
});

test.afterAll(async () => {
  await new Promise((resolve) => upstream?.close(resolve));
});

test("an admin builds a policy with a Response Cache in the console", async () => {
  await openForm(admin, "/policies/new");
  await admin.getByLabel("Name").fill("Cached catalog");
  await admin.getByRole("button", { name: "Add Rule" }).click();
  await admin.locator('button[data-rule-kind="anonymous-authenticator"]').click();
  await admin.getByRole("button", { name: "Add Rule" }).click();
  await admin.locator('button[data-rule-kind="response-cache"]').click();
  await admin.locator('article[data-rule-kind="response-cache"]').getByLabel("TTL").fill("300");
  await admin.getByRole("button", { name: "Save", exact: true }).click();
  await expect(admin).toHaveURL(/\/policies\/[\w-]+$/);
  await expect(admin.locator('article[data-rule-kind="response-cache"]')).toBeVisible();
});

test("an MCP server shows the red cross and cannot take the policy, not even through the API", async () => {
  await openForm(admin, "/servers/new");
  await expect(admin.getByRole("radio", { name: "Cached catalog (cannot be attached)" })).toBeDisabled();
  await expect(admin.locator('[data-rule-kind="response-cache"]').getByRole("img", { name: "Not MCP compatible" }).first()).toBeVisible();

  const policies = await (await admin.request.get("/api/v1/policies")).json();
  const cached = (policies.policies ?? policies).find((policy: { name: string }) => policy.name === "Cached catalog");
  const refused = await admin.request.post("/api/v1/servers", {
    data: { name: "Catalog tools", upstreamUrl: "http://127.0.0.1:9/mcp", policyId: cached.id, enabled: true },
  });
  expect(refused.status()).toBe(422);
  expect(JSON.stringify(await refused.json())).toContain("Response Cache");
});

test("an API service takes the policy, and the second call is a cache hit", async () => {
  await admin.goto("/services");
  await admin.getByRole("link", { name: "Register API Service" }).first().click();
  await formReady(admin);
  await admin.getByLabel("Name").fill("Catalog API");
  await expect(admin.getByLabel("Slug")).toHaveValue("catalog-api");
  await admin.getByLabel("Upstream base URL").fill(upstreamUrl);
  await admin.getByRole("radio", { name: "Cached catalog" }).check();
  await admin.getByRole("button", { name: "Register service" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "registered" })).toBeVisible();
  await expect(admin).toHaveURL(/\/services\/[\w-]+$/);

  const gatewayUrl = (await admin.getByTestId("gateway-url").textContent())!.trim();
  expect(gatewayUrl).toMatch(/^http:\/\/localhost:\d+\/apis\/catalog-api\/$/);
  await expect(admin.getByTestId("snippet-curl")).toContainText(gatewayUrl);

  const first = await fetch(`${gatewayUrl}products?page=1`);
  expect(first.status).toBe(200);
  expect(first.headers.get("x-cache")).toBe("MISS");
  const firstBody = await first.json();
  const second = await fetch(`${gatewayUrl}products?page=1`);
  expect(second.status).toBe(200);
  expect(second.headers.get("x-cache")).toBe("HIT");
  expect(await second.json()).toEqual(firstBody);
  expect(upstreamHits).toEqual(["GET /v1/products?page=1"]);

  await admin.screenshot({ path: "e2e/.state/service.png", fullPage: true });

  // Automation sees the same service through the REST API, and may change it there.
  const listed = await (await admin.request.get("/api/v1/services?q=catalog")).json();
  expect(listed.services).toEqual([expect.objectContaining({ name: "Catalog API", slug: "catalog-api", upstreamBaseUrl: upstreamUrl, enabled: true })]);
  const service = listed.services[0];
  const disabled = await admin.request.put(`/api/v1/services/${service.id}`, {
    data: { name: service.name, slug: service.slug, upstreamBaseUrl: service.upstreamBaseUrl, policyId: service.policyId, enabled: false, timeoutSeconds: 60, version: service.version },
  });
  expect(disabled.status()).toBe(200);
  const refused = await fetch(`${gatewayUrl}products?page=1`);
  expect(refused.status).toBe(503);
  expect(refused.headers.get("content-type")).toBe("application/problem+json");
  expect(upstreamHits).toHaveLength(1);
  await admin.goto("/services");
  await expect(admin.getByRole("link", { name: "Catalog API" })).toBeVisible();
  await admin.goto("/policies");
  const row = admin.getByRole("row").filter({ hasText: "Cached catalog" });
  await expect(row.getByTestId("usable-by")).toContainText("API services only");
  await expect(row).toContainText("1 service");
  await admin.screenshot({ path: "e2e/.state/policies.png", fullPage: true });
});
