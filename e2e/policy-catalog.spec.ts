import { ClientCredentialsProvider } from "@modelcontextprotocol/sdk/client/auth-extensions.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { AGENT, startOidcServer, type OidcServer } from "../tests/helpers/oidc-server";
import { startServerEverything } from "../tests/helpers/server-everything";
import { ADMIN, ADMIN_STATE } from "./admin";
import { formReady, openForm } from "./forms";

/**
 * The path a new user follows after the first-start set-up (first-start.setup.ts), as the
 * product page describes it: Policy Catalog, Create Policy "MCP OAuth2 Policy" with the MCP
 * OAuth2 Client Credentials rule (against a real authorization server started here) and
 * Authorize by Role, save, reload and find every value again, test the connection, attach it
 * to a server and call that server with a token; then what protects their work.
 */
const POLICY = { name: "MCP OAuth2 Policy", description: "OAuth2 client credentials for the billing agents" };
const CLIENT_SECRET = AGENT.secret;
const ROLES = ["mcp:access", "read:data", "write:data"];

test.describe.configure({ mode: "serial" });

let admin: Page;
let policyUrl: string;
let oidc: OidcServer;
let upstream: Awaited<ReturnType<typeof startServerEverything>>;
let clientCredentials: Record<string, string>;

test.beforeAll(async ({ browser }) => {
  oidc = await startOidcServer();
  upstream = await startServerEverything();
  clientCredentials = {
    "Token Endpoint URL": oidc.tokenEndpoint,
    "Client ID": AGENT.id,
    Scope: "mcp:access read:data",
    "Auth Domain": oidc.issuer,
    "Extract Keys from URL": oidc.jwksUrl,
    "User ID Expression": "claims.client_id",
    "Roles Expression": 'claims.scope.split(" ")',
  };
  admin = await (await browser.newContext({ storageState: ADMIN_STATE })).newPage();
});

test.afterAll(async () => {
  await upstream?.stop();
  await oidc?.close();
});

function ruleCard(page: Page, kind: string): Locator {
  return page.locator(`article[data-rule-kind="${kind}"]`);
}

async function addRule(page: Page, label: string) {
  await page.getByRole("button", { name: "Add Rule" }).click();
  const dialog = page.getByRole("dialog", { name: "Add Rule" });
  await dialog.getByRole("searchbox", { name: "Search rules" }).fill(label);
  await dialog.getByRole("button", { name: label, exact: false }).first().click();
  await expect(dialog).toBeHidden();
}

test("an admin creates the MCP OAuth2 Policy from rules", async () => {
  await admin.goto("/policies");
  await admin.getByRole("link", { name: "Create Policy" }).first().click();
  await formReady(admin);
  await expect(admin.getByRole("heading", { name: "Create Policy" })).toBeVisible();
  await admin.getByLabel("Name").fill(POLICY.name);
  await admin.getByLabel("Description").first().fill(POLICY.description);

  await addRule(admin, "MCP OAuth2 Client Credentials");
  const credentials = ruleCard(admin, "mcp-oauth2-client-credentials");
  for (const [label, value] of Object.entries(clientCredentials)) {
    await credentials.getByLabel(label, { exact: true }).fill(value);
  }
  await credentials.getByLabel("Client Secret", { exact: true }).fill(CLIENT_SECRET);
  await credentials.getByLabel("Token cache TTL", { exact: true }).fill("300");

  await addRule(admin, "Authorize by Role");
  const authorize = ruleCard(admin, "authorize-by-role");
  for (const [index, role] of ROLES.entries()) {
    if (index > 0) await authorize.getByRole("button", { name: "Add role" }).click();
    await authorize.getByLabel(`Role (row ${index + 1})`).fill(role);
    await expect(authorize.getByLabel(`Condition (row ${index + 1})`)).toHaveValue("true");
  }

  await admin.getByRole("button", { name: "Save", exact: true }).click();
  await expect(admin.getByRole("status").filter({ hasText: `Policy “${POLICY.name}” created` })).toBeVisible();
  await expect(admin).toHaveURL(/\/policies\/[\w-]+$/);
  policyUrl = admin.url();
});

test("after a reload every value is there, and the secret only as set", async () => {
  await admin.reload();
  await formReady(admin);
  await expect(admin.getByRole("heading", { name: POLICY.name })).toBeVisible();
  await expect(admin.getByLabel("Name")).toHaveValue(POLICY.name);
  await expect(admin.getByLabel("Description").first()).toHaveValue(POLICY.description);

  const credentials = ruleCard(admin, "mcp-oauth2-client-credentials");
  for (const [label, value] of Object.entries(clientCredentials)) {
    await expect(credentials.getByLabel(label, { exact: true })).toHaveValue(value);
  }
  await expect(credentials.getByLabel("Token cache TTL", { exact: true })).toHaveValue("300");
  await expect(credentials.locator('[data-secret-state="set"]')).toContainText("set");

  const authorize = ruleCard(admin, "authorize-by-role");
  for (const [index, role] of ROLES.entries()) {
    await expect(authorize.getByLabel(`Role (row ${index + 1})`)).toHaveValue(role);
    await expect(authorize.getByLabel(`Condition (row ${index + 1})`)).toHaveValue("true");
  }

  // Neither the rendered page nor the HTML the server sends contains the secret.
  expect(await admin.content()).not.toContain(CLIENT_SECRET);
  const html = await (await admin.request.get(policyUrl)).text();
  expect(html).toContain(POLICY.name);
  expect(html).not.toContain(CLIENT_SECRET);

  await admin.getByRole("link", { name: "Policy Catalog" }).first().click();
  const row = admin.getByRole("row", { name: new RegExp(POLICY.name) });
  await expect(row).toContainText(POLICY.description);
  await expect(row.getByRole("cell").nth(2)).toHaveText("2");
  await expect(row.getByRole("img", { name: "MCP compatible" })).toBeVisible();
  await admin.getByRole("searchbox", { name: "Search policies" }).fill("no such policy");
  await expect(admin.getByText("No policy matches")).toBeVisible();
});

test("Test connection gets a token from the authorization server and validates it through the rule", async () => {
  await openForm(admin, policyUrl);
  const credentials = ruleCard(admin, "mcp-oauth2-client-credentials");
  await credentials.getByRole("button", { name: "Test connection" }).click();
  const result = credentials.getByTestId("oauth-connection-test");
  await expect(result).toContainText("connection works", { timeout: 20_000 });
  await expect(result.getByTestId("oauth-test-user-id")).toHaveText(AGENT.id);
  await expect(result.getByTestId("oauth-test-roles")).toContainText("mcp:access");
  await expect(result.getByTestId("oauth-test-roles")).toContainText("read:data");
});

test("attached to a server, a client with a token lists tools and one without gets the challenge", async () => {
  await openForm(admin, "/servers/new");
  await admin.getByLabel("Name").fill("Billing tools");
  await admin.getByLabel("Upstream URL").fill(upstream.url);
  await admin.getByRole("radio", { name: POLICY.name }).check();
  await admin.getByRole("button", { name: "Register server" }).click();
  await expect(admin).toHaveURL(/\/servers\/[\w-]+$/);
  const gatewayUrl = (await admin.getByTestId("gateway-url").textContent())!.trim();

  // The MCP SDK client finds the authorization server from the gateway's 401 by itself.
  const client = new Client({ name: "billing-agent", version: "1.0.0" });
  const authProvider = new ClientCredentialsProvider({ clientId: AGENT.id, clientSecret: AGENT.secret, scope: "mcp:access read:data" });
  await client.connect(new StreamableHTTPClientTransport(new URL(gatewayUrl), { authProvider }));
  const { tools } = await client.listTools();
  expect(tools.map((tool) => tool.name)).toContain("echo");
  await client.close();

  const refused = await fetch(gatewayUrl, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
  });
  expect(refused.status).toBe(401);
  expect(refused.headers.get("www-authenticate")).toBe(
    `Bearer resource_metadata="${new URL(gatewayUrl).origin}/.well-known/oauth-protected-resource${new URL(gatewayUrl).pathname}", scope="mcp:access read:data"`,
  );
});

test("an API-management rule carries the red cross and its reason", async () => {
  await openForm(admin, policyUrl);
  await admin.getByRole("button", { name: "Add Rule" }).click();
  const dialog = admin.getByRole("dialog", { name: "Add Rule" });
  const cacheEntry = dialog.getByRole("listitem").filter({ has: admin.locator('[data-rule-kind="response-cache"]') });
  const cross = cacheEntry.getByRole("img", { name: "Not MCP compatible" });
  await expect(cross).toBeVisible();
  await cross.focus();
  await expect(cacheEntry.getByRole("tooltip")).toBeVisible();
  await expect(cacheEntry.getByRole("tooltip")).toContainText("JSON-RPC");
  await expect(dialog.locator('[data-rule-kind="mcp-oauth2-client-credentials"]').locator("..").getByRole("img", { name: "MCP compatible" })).toBeVisible();

  await admin.locator('button[data-rule-kind="response-cache"]').click();
  await expect(ruleCard(admin, "response-cache").getByRole("img", { name: "Not MCP compatible" })).toBeVisible();
  await expect(admin.getByText("Not for MCP servers", { exact: true })).toBeVisible();
});

test("an invalid expression is named with its position, and the summary jumps to it", async () => {
  await openForm(admin, policyUrl);
  const credentials = ruleCard(admin, "mcp-oauth2-client-credentials");
  await credentials.getByLabel("User ID Expression", { exact: true }).fill("claims.sub +");
  await admin.getByRole("button", { name: "Save", exact: true }).click();

  const summary = admin.locator("#validation-summary");
  await expect(summary).toContainText("1 field needs attention");
  const link = summary.getByRole("link", { name: /User ID Expression/ });
  await expect(link).toBeVisible();
  await link.click();
  await expect(credentials.getByLabel("User ID Expression", { exact: true })).toBeFocused();
  await expect(credentials.getByText(/at character 13/)).toBeVisible();
});

test("a stale save is refused with who changed the policy, and nothing is overwritten", async () => {
  await openForm(admin, policyUrl);
  const other = await admin.context().newPage();
  await openForm(other, policyUrl);

  await other.getByLabel("Description").first().fill("Changed in another tab");
  await other.getByRole("button", { name: "Save", exact: true }).click();
  await expect(other.getByRole("status").filter({ hasText: "saved" })).toBeVisible();
  await other.close();

  await admin.getByLabel("Description").first().fill("My late change");
  await admin.getByRole("button", { name: "Save", exact: true }).click();
  const summary = admin.locator("#validation-summary");
  await expect(summary).toContainText(`changed by ${ADMIN.email}`);
  await expect(summary).toContainText("reload");

  await summary.getByRole("button", { name: "Reload" }).click();
  await expect(admin.getByLabel("Description").first()).toHaveValue("Changed in another tab");
});

test("a viewer can look but not change anything, in the console or through the API", async ({ browser }) => {
  await admin.goto("/users");
  await formReady(admin);
  await admin.getByRole("button", { name: "Add user" }).click();
  const dialog = admin.getByRole("dialog");
  await dialog.getByLabel("Email").fill("viewer@example.com");
  await dialog.getByLabel("Role").selectOption("viewer");
  await dialog.getByRole("button", { name: "Add user" }).click();
  const initialPassword = (await dialog.locator("[data-issued-secret]").textContent())!.trim();
  expect(initialPassword.length).toBeGreaterThanOrEqual(12);
  await dialog.getByRole("button", { name: "Done" }).click();

  const viewer = await (await browser.newContext()).newPage();
  await viewer.goto("/policies");
  await expect(viewer).toHaveURL(/\/login/);
  await viewer.getByLabel("Email").fill("viewer@example.com");
  await viewer.getByLabel("Password").fill(initialPassword);
  await viewer.getByRole("button", { name: "Sign in" }).click();
  await expect(viewer.getByRole("heading", { name: "Policy Catalog" })).toBeVisible();

  // The console offers nothing to change…
  await expect(viewer.getByRole("link", { name: "Create Policy" })).toHaveCount(0);
  await viewer.getByRole("link", { name: POLICY.name }).click();
  await formReady(viewer);
  await expect(viewer.getByText("read-only")).toBeVisible();
  await expect(viewer.getByLabel("Name")).toBeDisabled();
  await expect(viewer.getByRole("button", { name: "Save", exact: true })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: "Add Rule" })).toHaveCount(0);
  await viewer.goto("/policies/new");
  await expect(viewer).toHaveURL(/\/policies$/);

  // …and the server refuses what the console does not offer.
  const id = policyUrl.split("/").pop()!;
  const current = await (await viewer.request.get(`/api/v1/policies/${id}`)).json();
  expect(current.policy.name).toBe(POLICY.name);
  const create = await viewer.request.post("/api/v1/policies", { data: { name: "Sneaky", rules: [] } });
  expect(create.status()).toBe(403);
  expect(create.headers()["content-type"]).toContain("application/problem+json");
  expect((await create.json()).detail).toContain("viewer");
  const update = await viewer.request.put(`/api/v1/policies/${id}`, { data: { ...current.policy, name: "Renamed by viewer" } });
  expect(update.status()).toBe(403);
  const remove = await viewer.request.delete(`/api/v1/policies/${id}`);
  expect(remove.status()).toBe(403);
  const after = await (await admin.request.get(`/api/v1/policies/${id}`)).json();
  expect(after.policy.name).toBe(POLICY.name);
  await viewer.context().close();
});

test("automation uses the REST API with a token created in the console", async ({ playwright, baseURL }) => {
  await admin.goto("/api-tokens");
  await formReady(admin);
  await admin.getByRole("button", { name: "Create token" }).first().click();
  const dialog = admin.getByRole("dialog");
  await dialog.getByLabel("Name").fill("CI: deploy policies");
  await dialog.getByLabel("Role").selectOption("admin");
  await dialog.getByRole("button", { name: "Create token" }).click();
  const token = (await dialog.locator("[data-issued-secret]").textContent())!.trim();
  expect(token).toMatch(/^ght_/);
  await dialog.getByRole("button", { name: "I have copied it" }).click();

  // A client without the console's cookies: only the bearer token.
  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  const invalid = await api.post("/api/v1/policies", {
    data: { name: "Broken", rules: [{ kind: "authorize-by-role", config: { roles: [{ role: "reader", condition: "mcp.tool ==" }] } }] },
  });
  expect(invalid.status()).toBe(422);
  expect(invalid.headers()["content-type"]).toContain("application/problem+json");
  const problem = await invalid.json();
  expect(problem.errors).toEqual([expect.objectContaining({ path: "rules.0.config.roles.0.condition" })]);

  const created = await api.post("/api/v1/policies", {
    data: {
      name: "Agents created by CI",
      rules: [{ kind: "api-key-authenticator", config: { keys: [{ description: "billing agent", roles: ["reader"] }] } }],
    },
  });
  expect(created.status()).toBe(201);
  const body = await created.json();
  expect(body.issuedKeys).toHaveLength(1);
  expect(body.issuedKeys[0].key).toMatch(/^ghk_/);
  const stored = body.policy.rules[0].config.keys[0];
  expect(stored.prefix).toBe(body.issuedKeys[0].key.slice(0, stored.prefix.length));
  expect(JSON.stringify(body.policy)).not.toContain(body.issuedKeys[0].key);
  expect(stored.hash).toBeUndefined();

  const stale = await api.put(`/api/v1/policies/${body.policy.id}`, { data: { ...body.policy, version: body.policy.version + 5 } });
  expect(stale.status()).toBe(409);

  const unauthenticated = await playwright.request.newContext({ baseURL });
  const refused = await unauthenticated.get("/api/v1/policies");
  expect(refused.status()).toBe(401);
  await api.dispose();
  await unauthenticated.dispose();
});
