import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { expect, test, type Page } from "@playwright/test";
import { startServerEverything } from "../tests/helpers/server-everything";
import { ADMIN_STATE } from "./admin";
import { formReady, openForm } from "./forms";

/**
 * Registering an MCP server as a platform team would: a policy of API keys, the upstream
 * registered and tested in the console, the policy attached, a snippet copied, and the MCP
 * SDK client calling the gateway with the key. All through `npm start`'s production entry.
 */
test.describe.configure({ mode: "serial" });

let upstream: Awaited<ReturnType<typeof startServerEverything>>;
let admin: Page;
let apiKey: string;
let gatewayUrl: string;

test.beforeAll(async ({ browser }) => {
  upstream = await startServerEverything();
  admin = await (await browser.newContext({ storageState: ADMIN_STATE })).newPage();
});

test.afterAll(async () => {
  await upstream?.stop();
});

test("an admin makes a policy of API keys and is shown the new key once", async () => {
  await openForm(admin, "/policies/new");
  await admin.getByLabel("Name").fill("Agents with API keys");
  await admin.getByRole("button", { name: "Add Rule" }).click();
  await admin.locator('button[data-rule-kind="api-key-authenticator"]').click();
  const keys = admin.locator('article[data-rule-kind="api-key-authenticator"]');
  await keys.getByRole("button", { name: "Add key" }).click();
  await keys.getByLabel("Description (owner)").fill("billing agent");
  await keys.getByLabel("Roles").fill("mcp:access");

  await admin.getByRole("button", { name: "Add Rule" }).click();
  await admin.locator('button[data-rule-kind="authorize-by-role"]').click();
  await admin.locator('article[data-rule-kind="authorize-by-role"]').getByLabel("Role (row 1)").fill("mcp:access");
  await admin.getByRole("button", { name: "Save", exact: true }).click();

  const dialog = admin.getByRole("dialog", { name: "Your new API key" });
  await expect(dialog).toBeVisible();
  apiKey = (await dialog.locator("[data-issued-secret]").textContent())!.trim();
  expect(apiKey).toMatch(/^ghk_[A-Za-z0-9_-]{43}$/);
  await dialog.getByRole("button", { name: "I have copied it" }).click();

  await admin.reload();
  await formReady(admin);
  const saved = admin.locator('article[data-rule-kind="api-key-authenticator"] [data-api-key]');
  await expect(saved).toHaveAttribute("data-api-key", apiKey.slice(0, 10));
  expect(await admin.content()).not.toContain(apiKey);
});

test("an admin registers the upstream, tests the connection and attaches the policy", async () => {
  const cached = await admin.request.post("/api/v1/policies", { data: { name: "Cached responses", rules: [{ kind: "response-cache", config: {} }] } });
  expect(cached.status()).toBe(201);
  await admin.goto("/servers");
  await admin.getByRole("link", { name: "Register MCP Server" }).first().click();
  await formReady(admin);
  await admin.getByLabel("Name").fill("Everything");
  await expect(admin.getByLabel("Slug")).toHaveValue("everything");
  await admin.getByLabel("Upstream URL").fill(upstream.url);

  await admin.getByRole("button", { name: "Test connection" }).click();
  const result = admin.getByTestId("connection-test-result");
  await expect(result).toContainText("tools", { timeout: 20_000 });
  await expect(result).toContainText("echo");

  // A policy an MCP server cannot use is offered with its red cross, but cannot be chosen.
  await expect(admin.getByRole("radio", { name: "Cached responses (cannot be attached)" })).toBeDisabled();
  const cachedOption = admin.locator('[data-testid^="policy-option-"]').filter({ hasText: "Cached responses" });
  await expect(cachedOption.locator('[data-rule-kind="response-cache"]').getByRole("img", { name: "Not MCP compatible" })).toBeVisible();
  await admin.getByRole("radio", { name: "Agents with API keys" }).check();
  await admin.getByRole("button", { name: "Register server" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "registered" })).toBeVisible();
  await expect(admin).toHaveURL(/\/servers\/[\w-]+$/);

  gatewayUrl = (await admin.getByTestId("gateway-url").textContent())!.trim();
  expect(gatewayUrl).toMatch(/^http:\/\/localhost:\d+\/mcp\/everything$/);

  await admin.getByRole("tab", { name: "VS Code" }).click();
  const vscode = JSON.parse((await admin.getByTestId("snippet-vscode").textContent())!);
  expect(vscode.servers.everything).toMatchObject({ type: "http", url: gatewayUrl, headers: { "X-API-Key": expect.stringContaining("${input:") } });
  await admin.getByRole("tab", { name: "curl" }).click();
  await expect(admin.getByTestId("snippet-curl")).toContainText(gatewayUrl);
  await expect(admin.getByTestId("snippet-curl")).toContainText("X-API-Key");
});

test("the MCP SDK client calls the gateway with the key, and is refused without it", async () => {
  const client = new Client({ name: "e2e-agent", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(gatewayUrl), { requestInit: { headers: { "X-API-Key": apiKey } } }));
  const { tools } = await client.listTools();
  expect(tools.map((tool) => tool.name)).toContain("echo");
  const echoed = await client.callTool({ name: "echo", arguments: { message: "from the console's snippet" } });
  expect(JSON.stringify(echoed.content)).toContain("from the console's snippet");
  await client.close();

  const refused = await fetch(gatewayUrl, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "x", version: "1" } } }),
  });
  expect(refused.status).toBe(401);
  expect(refused.headers.get("www-authenticate")).toContain('header="X-API-Key"');
  expect(await refused.json()).toMatchObject({ jsonrpc: "2.0", id: 1, error: { code: -32001 } });
});
