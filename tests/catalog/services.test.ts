import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/catalog/actor";
import { onCatalogChange, type CatalogChange } from "@/lib/catalog/change-events";
import { createPolicy } from "@/lib/catalog/create-policy";
import { createServer } from "@/lib/catalog/create-server";
import { createService } from "@/lib/catalog/create-service";
import { deletePolicy } from "@/lib/catalog/delete-policy";
import { deleteService } from "@/lib/catalog/delete-service";
import { getServiceOrThrow } from "@/lib/catalog/get-service-or-throw";
import { listPolicies } from "@/lib/catalog/list-policies";
import { listServices } from "@/lib/catalog/list-services";
import { updatePolicy } from "@/lib/catalog/update-policy";
import { updateServer } from "@/lib/catalog/update-server";
import { updateService } from "@/lib/catalog/update-service";
import { catalogErrorOf } from "../helpers/catalog-error";
import { seedActor } from "../helpers/actors";
import { anonymousRule, roleRule } from "../helpers/rule-inputs";
import { createTempDatabase, type TempDatabase } from "../helpers/temp-database";

/**
 * API service registrations (issue #6): the same secure defaults as MCP servers (no traffic
 * without a policy, optimistic versions, admins only), every rule usable by a service, and the
 * red cross: rules MCP servers cannot use keep a policy off MCP servers, in both directions.
 */
let temp: TempDatabase;
let alice: Actor;
let bob: Actor;
let viewer: Actor;
let anonymousPolicyId: string;

beforeEach(async () => {
  temp = await createTempDatabase();
  alice = await seedActor(temp.ctx, "admin", "alice@example.com");
  bob = await seedActor(temp.ctx, "admin", "bob@example.com");
  viewer = await seedActor(temp.ctx, "viewer");
  anonymousPolicyId = (await createPolicy(temp.ctx, alice, { name: "Anonymous", rules: [anonymousRule(), roleRule(["anonymous"])] })).policy.id;
});

afterEach(() => temp.cleanup());

const BASE_URL = "https://orders.internal/v1";
const CACHE_RULE = { kind: "response-cache", config: {} };
const RETRY_RULE = { kind: "http-retry", config: {} };
const REDIRECT_RULE = { kind: "http-redirect", config: { targetUrl: "https://new.example.com/{path}{query}" } };
const RESPONSE_HEADERS_RULE = { kind: "response-transformer", config: { addHeaders: [{ name: "X-Served-By", value: "gatehouse" }] } };

function register(input: Record<string, unknown>, actor: Actor = alice) {
  return createService(temp.ctx, actor, { upstreamBaseUrl: BASE_URL, ...input });
}

async function issuesOf(pending: Promise<unknown>) {
  const error = await catalogErrorOf(pending);
  expect(error.code).toBe("validation_failed");
  expect(error.status).toBe(422);
  return error.issues;
}

/** A policy's rules as the editor sends them back: with their ids, so that they are kept. */
async function currentRules(policyId: string) {
  const rules = await temp.ctx.db.rule.findMany({ where: { policyId }, orderBy: { position: "asc" } });
  return rules.map((rule) => ({ id: rule.id, kind: rule.kind, config: rule.config }));
}

describe("createService", () => {
  it("registers a service with a slug derived from its name, enabled with its policy, and tells the gateway", async () => {
    const changes: CatalogChange[] = [];
    const stop = onCatalogChange((change) => changes.push(change));
    const service = await register({ name: "  Orders API (EU)  ", description: "Orders", policyId: anonymousPolicyId }).finally(stop);

    expect(service).toMatchObject({
      name: "Orders API (EU)",
      slug: "orders-api-eu",
      description: "Orders",
      upstreamBaseUrl: BASE_URL,
      policyId: anonymousPolicyId,
      policy: { id: anonymousPolicyId, name: "Anonymous" },
      enabled: true,
      timeoutSeconds: 60,
      version: 1,
      updatedBy: "alice@example.com",
    });
    expect(changes).toEqual([{ type: "service", id: service.id }]);
    expect(await getServiceOrThrow(temp.ctx, viewer, service.id)).toEqual(service);
  });

  it("keeps a service without a policy disabled, and refuses to enable it", async () => {
    expect(await register({ name: "Draft" })).toMatchObject({ enabled: false, policyId: null, policy: null });

    const issues = await issuesOf(register({ name: "Open", enabled: true }));
    expect(issues).toEqual([{ path: "policyId", message: expect.stringContaining("Choose a policy to enable the service") }]);
    expect(await temp.ctx.db.apiService.count()).toBe(1);
  });

  it("stores an explicit slug, timeout and enabled switch", async () => {
    const service = await register({ name: "Orders", slug: "orders-v2", timeoutSeconds: 5, enabled: false, policyId: anonymousPolicyId });
    expect(service).toMatchObject({ slug: "orders-v2", timeoutSeconds: 5, enabled: false, policyId: anonymousPolicyId });
  });

  it("numbers a derived slug that is taken or reserved", async () => {
    expect((await register({ name: "Orders" })).slug).toBe("orders");
    expect((await register({ name: "orders!" })).slug).toBe("orders-2");
    expect((await register({ name: "Metrics" })).slug).toBe("metrics-2");
  });

  it.each([
    { slug: "Orders", message: "Use lowercase letters a–z, digits and hyphens only" },
    { slug: "orders/v1", message: "Use lowercase letters a–z, digits and hyphens only" },
    { slug: "orders-", message: "Start and end with a letter or digit" },
    { slug: "a".repeat(64), message: "At most 63 characters" },
    { slug: "health", message: "“health” is reserved for Gatehouse; choose another slug" },
  ])("refuses the slug $slug", async ({ slug, message }) => {
    expect(await issuesOf(register({ name: "Orders", slug }))).toEqual([{ path: "slug", message }]);
  });

  it("refuses a slug or a name another service has, but lets an MCP server and a service share a slug", async () => {
    await register({ name: "Orders", slug: "orders" });

    const slugTaken = await catalogErrorOf(register({ name: "Invoices", slug: "orders" }));
    expect(slugTaken).toMatchObject({ code: "name_taken", status: 409 });
    expect(slugTaken.issues).toEqual([{ path: "slug", message: "/apis/orders/ is taken by another service; choose another slug" }]);

    const nameTaken = await catalogErrorOf(register({ name: "ORDERS", slug: "other" }));
    expect(nameTaken.code).toBe("name_taken");
    expect(nameTaken.issues.map((issue) => issue.path)).toEqual(["name"]);

    // /mcp/orders and /apis/orders/ are different URLs.
    const server = await createServer(temp.ctx, alice, { name: "Orders tools", slug: "orders", upstreamUrl: "http://127.0.0.1:3001/mcp" });
    expect(server.slug).toBe("orders");
    expect(await temp.ctx.db.apiService.count()).toBe(1);
  });

  it.each([
    { name: "not a URL", upstreamBaseUrl: "orders.internal/v1", message: "Enter an http:// or https:// URL, such as https://api.example.com/v1" },
    { name: "another scheme", upstreamBaseUrl: "ftp://orders.internal/v1", message: "Enter an http:// or https:// URL, such as https://api.example.com/v1" },
    { name: "credentials in the URL", upstreamBaseUrl: "https://user:secret@orders.internal/v1", message: "Remove the user name and password from the URL" },
    { name: "a query", upstreamBaseUrl: "https://orders.internal/v1?tenant=eu", message: "Remove the ?query: each request's path and query are appended to the base URL" },
    { name: "a fragment", upstreamBaseUrl: "https://orders.internal/v1#top", message: "Remove the #fragment: it is never sent to the server" },
    { name: "nothing", upstreamBaseUrl: " ", message: "Enter the base URL of the API" },
  ])("refuses a base URL with $name", async ({ upstreamBaseUrl, message }) => {
    expect(await issuesOf(register({ name: "Orders", upstreamBaseUrl }))).toEqual([{ path: "upstreamBaseUrl", message }]);
  });

  it("refuses a timeout out of range and a policy that does not exist", async () => {
    expect(await issuesOf(register({ name: "Orders", timeoutSeconds: 601 }))).toEqual([{ path: "timeoutSeconds", message: "At most 600 seconds (10 minutes)" }]);
    expect(await issuesOf(register({ name: "Orders", policyId: "no-such-policy" }))).toEqual([
      { path: "policyId", message: "This policy does not exist (any more); choose another" },
    ]);
  });

  it("accepts a policy with the rules MCP servers cannot use", async () => {
    const { policy } = await createPolicy(temp.ctx, alice, { name: "HTTP API", rules: [anonymousRule(), CACHE_RULE, RETRY_RULE, REDIRECT_RULE, RESPONSE_HEADERS_RULE] });
    const service = await register({ name: "Orders", policyId: policy.id });
    expect(service).toMatchObject({ enabled: true, policy: { id: policy.id, name: "HTTP API" } });
  });

  it("refuses viewers and callers who are not signed in", async () => {
    expect((await catalogErrorOf(register({ name: "Orders" }, viewer))).code).toBe("forbidden");
    expect((await catalogErrorOf(createService(temp.ctx, null, { name: "Orders", upstreamBaseUrl: BASE_URL }))).code).toBe("unauthorized");
    expect(await temp.ctx.db.apiService.count()).toBe(0);
  });
});

describe("updateService", () => {
  it("saves a new version, recording who saved it, and keeps the slug when none is sent", async () => {
    const service = await register({ name: "Orders" });
    const changes: CatalogChange[] = [];
    const stop = onCatalogChange((change) => changes.push(change));
    const updated = await updateService(temp.ctx, bob, service.id, {
      name: "Orders (prod)",
      upstreamBaseUrl: "https://orders.prod.internal/v2/",
      policyId: anonymousPolicyId,
      timeoutSeconds: 120,
      version: 1,
    }).finally(stop);
    expect(updated).toMatchObject({
      name: "Orders (prod)",
      slug: "orders",
      upstreamBaseUrl: "https://orders.prod.internal/v2/",
      policyId: anonymousPolicyId,
      enabled: true,
      timeoutSeconds: 120,
      version: 2,
      updatedBy: "bob@example.com",
    });
    expect(changes).toEqual([{ type: "service", id: service.id }]);

    const moved = await updateService(temp.ctx, alice, service.id, { ...updated, slug: "orders-prod" });
    expect(moved).toMatchObject({ slug: "orders-prod", version: 3, updatedBy: "alice@example.com" });
  });

  it("refuses a stale version with a 409 that names who saved in between", async () => {
    const service = await register({ name: "Shared" });
    await updateService(temp.ctx, bob, service.id, { name: "Shared by Bob", upstreamBaseUrl: BASE_URL, version: 1 });

    const error = await catalogErrorOf(updateService(temp.ctx, alice, service.id, { name: "Shared by Alice", upstreamBaseUrl: BASE_URL, version: 1 }));
    expect(error).toMatchObject({ code: "conflict", status: 409 });
    expect(error.message).toContain("bob@example.com");
    expect(error.message).toContain("reload");
    expect(await temp.ctx.db.apiService.findUniqueOrThrow({ where: { id: service.id } })).toMatchObject({ name: "Shared by Bob", version: 2 });
  });

  it("refuses to enable without a policy and to take another service's slug; detaching the policy disables", async () => {
    await register({ name: "Other", slug: "other" });
    const service = await register({ name: "Orders", policyId: anonymousPolicyId });
    const base = { name: "Orders", upstreamBaseUrl: BASE_URL, version: 1 };

    expect((await issuesOf(updateService(temp.ctx, alice, service.id, { ...base, policyId: null, enabled: true }))).map((issue) => issue.path)).toEqual(["policyId"]);
    const slugTaken = await catalogErrorOf(updateService(temp.ctx, alice, service.id, { ...base, slug: "other" }));
    expect(slugTaken.issues.map((issue) => issue.path)).toEqual(["slug"]);
    expect(await getServiceOrThrow(temp.ctx, alice, service.id)).toEqual(service);

    expect(await updateService(temp.ctx, alice, service.id, { ...base, policyId: null })).toMatchObject({ policyId: null, policy: null, enabled: false, version: 2 });
  });

  it("refuses viewers and reports an unknown service", async () => {
    const service = await register({ name: "Orders" });
    const input = { name: "Orders", upstreamBaseUrl: BASE_URL, version: 1 };
    expect((await catalogErrorOf(updateService(temp.ctx, viewer, service.id, input))).code).toBe("forbidden");
    expect((await catalogErrorOf(updateService(temp.ctx, alice, "no-such-service", input))).code).toBe("not_found");
    expect((await catalogErrorOf(getServiceOrThrow(temp.ctx, alice, "no-such-service"))).code).toBe("not_found");
  });
});

describe("listServices and deleteService", () => {
  it("lists services by name with their policies, for viewers too, and searches", async () => {
    await register({ name: "Payments", policyId: anonymousPolicyId, upstreamBaseUrl: "https://payments.internal/v1" });
    await register({ name: "Orders", upstreamBaseUrl: "https://orders.internal/v1" });
    await register({ name: "Catalog", description: "Product data", upstreamBaseUrl: "https://catalog.internal/" });

    const services = await listServices(temp.ctx, viewer);
    expect(services.map((service) => [service.name, service.policy?.name ?? null])).toEqual([
      ["Catalog", null],
      ["Orders", null],
      ["Payments", "Anonymous"],
    ]);
    expect((await listServices(temp.ctx, viewer, "orders.internal")).map((service) => service.name)).toEqual(["Orders"]);
    expect((await listServices(temp.ctx, viewer, "PRODUCT")).map((service) => service.name)).toEqual(["Catalog"]);
    expect((await catalogErrorOf(listServices(temp.ctx, null))).code).toBe("unauthorized");
  });

  it("deletes a service for admins only, and tells the gateway", async () => {
    const service = await register({ name: "Orders" });
    expect((await catalogErrorOf(deleteService(temp.ctx, viewer, service.id))).code).toBe("forbidden");

    const changes: CatalogChange[] = [];
    const stop = onCatalogChange((change) => changes.push(change));
    await deleteService(temp.ctx, alice, service.id).finally(stop);
    expect(changes).toEqual([{ type: "service", id: service.id }]);
    expect(await temp.ctx.db.apiService.count()).toBe(0);
    expect((await catalogErrorOf(deleteService(temp.ctx, alice, service.id))).code).toBe("not_found");
  });
});

describe("policies used by services", () => {
  it("refuses to delete a policy that a service uses, naming it, and deletes it once it lets go", async () => {
    const service = await register({ name: "Orders", policyId: anonymousPolicyId });

    const error = await catalogErrorOf(deletePolicy(temp.ctx, alice, anonymousPolicyId));
    expect(error).toMatchObject({ code: "in_use", status: 409 });
    expect(error.message).toBe("“Anonymous” is used by the API service “Orders”. Attach another policy to that service, or delete the service, first.");

    await createServer(temp.ctx, alice, { name: "Search", upstreamUrl: "http://127.0.0.1:3001/mcp", policyId: anonymousPolicyId });
    expect((await catalogErrorOf(deletePolicy(temp.ctx, alice, anonymousPolicyId))).message).toBe(
      "“Anonymous” is used by the MCP server “Search” and by the API service “Orders”. Attach another policy to them, or delete them, first.",
    );

    await temp.ctx.db.mcpServer.deleteMany();
    await deleteService(temp.ctx, alice, service.id);
    await deletePolicy(temp.ctx, alice, anonymousPolicyId);
    expect(await temp.ctx.db.policy.count({ where: { id: anonymousPolicyId } })).toBe(0);
  });

  it("is backed by the foreign key, so a delete that skips the check fails too", async () => {
    await register({ name: "Orders", policyId: anonymousPolicyId });
    await expect(temp.ctx.db.policy.delete({ where: { id: anonymousPolicyId } })).rejects.toMatchObject({ code: "P2003" });
  });

  it("refuses an MCP-incompatible policy for an MCP server, naming its rules, and accepts it for a service", async () => {
    const { policy } = await createPolicy(temp.ctx, alice, { name: "HTTP API", rules: [anonymousRule(), CACHE_RULE, REDIRECT_RULE, RESPONSE_HEADERS_RULE] });

    const issues = await issuesOf(createServer(temp.ctx, alice, { name: "Search", upstreamUrl: "http://127.0.0.1:3001/mcp", policyId: policy.id }));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: "policyId" });
    expect(issues[0]!.message).toContain("“HTTP API” cannot be attached: MCP servers cannot use Response Cache, HTTP Redirect and Response Transformer.");
    expect(await temp.ctx.db.mcpServer.count()).toBe(0);

    // The same refusal when an existing server would switch to it.
    const server = await createServer(temp.ctx, alice, { name: "Search", upstreamUrl: "http://127.0.0.1:3001/mcp", policyId: anonymousPolicyId });
    const switched = await issuesOf(updateServer(temp.ctx, alice, server.id, { name: "Search", upstreamUrl: "http://127.0.0.1:3001/mcp", policyId: policy.id, version: 1 }));
    expect(switched[0]!.message).toContain("MCP servers cannot use Response Cache, HTTP Redirect and Response Transformer");

    expect(await register({ name: "Orders", policyId: policy.id })).toMatchObject({ enabled: true, policyId: policy.id });
  });

  it("refuses a policy change that would make an attached MCP server incompatible, naming the server; services do not hold it back", async () => {
    await createServer(temp.ctx, alice, { name: "Search", upstreamUrl: "http://127.0.0.1:3001/mcp", policyId: anonymousPolicyId });
    await register({ name: "Orders", policyId: anonymousPolicyId });
    const rules = await currentRules(anonymousPolicyId);

    const issues = await issuesOf(updatePolicy(temp.ctx, alice, anonymousPolicyId, { name: "Anonymous", version: 1, rules: [...rules, RETRY_RULE] }));
    expect(issues).toEqual([{ path: "rules.2.kind", message: expect.stringContaining("The MCP server “Search” uses this policy, and MCP servers cannot use HTTP Retry") }]);
    expect(issues[0]!.message).not.toContain("Orders");
    expect((await temp.ctx.db.policy.findUniqueOrThrow({ where: { id: anonymousPolicyId } })).version).toBe(1);

    // Once only services use it, the policy may gain any rule.
    await temp.ctx.db.mcpServer.deleteMany();
    const { policy } = await updatePolicy(temp.ctx, alice, anonymousPolicyId, { name: "Anonymous", version: 1, rules: [...rules, RETRY_RULE] });
    expect(policy.rules.map((rule) => rule.kind)).toEqual(["anonymous-authenticator", "authorize-by-role", "http-retry"]);
  });

  it("lets outbound credentials and the Request Transformer onto MCP servers", async () => {
    const rules = [
      anonymousRule(),
      { kind: "outbound-bearer-token", config: { token: "upstream-token" } },
      { kind: "request-transformer", config: { addHeaders: [{ name: "X-Tenant", value: "eu" }] } },
    ];
    const { policy } = await createPolicy(temp.ctx, alice, { name: "Upstream credentials", rules });
    const server = await createServer(temp.ctx, alice, { name: "Search", upstreamUrl: "http://127.0.0.1:3001/mcp", policyId: policy.id });
    expect(server).toMatchObject({ enabled: true, policy: { id: policy.id, incompatibleRules: [] } });
  });

  it("stores the outbound credentials' secrets sealed and never shows them again", async () => {
    const secrets = ["basic-password-6f1e", "bearer-token-93ad", "client-secret-2c7b"];
    const rules = [
      anonymousRule(),
      { kind: "outbound-basic-auth", config: { username: "gatehouse", password: secrets[0] } },
      { kind: "outbound-bearer-token", config: { token: secrets[1] } },
      { kind: "outbound-oauth2-client-credentials", config: { tokenEndpointUrl: "https://auth.example.com/token", clientId: "gatehouse", clientSecret: secrets[2] } },
    ];
    const { policy } = await createPolicy(temp.ctx, alice, { name: "Upstream credentials", rules });
    await register({ name: "Orders", policyId: policy.id });

    expect(policy.rules.slice(1).map((rule) => rule.config)).toEqual([
      expect.objectContaining({ username: "gatehouse", password: { set: true } }),
      { token: { set: true } },
      expect.objectContaining({ clientId: "gatehouse", clientSecret: { set: true } }),
    ]);
    const raw = (await temp.rawBytes()).toString("latin1");
    for (const secret of secrets) expect(raw).not.toContain(secret);
    expect(JSON.stringify(await listServices(temp.ctx, viewer))).not.toMatch(/basic-password|bearer-token|client-secret-/);
  });

  it("says per policy where it can be used and how many servers and services use it", async () => {
    const { policy: api } = await createPolicy(temp.ctx, alice, { name: "HTTP API", rules: [anonymousRule(), CACHE_RULE, RETRY_RULE] });
    await createServer(temp.ctx, alice, { name: "Search", upstreamUrl: "http://127.0.0.1:3001/mcp", policyId: anonymousPolicyId });
    await register({ name: "Orders", policyId: anonymousPolicyId });
    await register({ name: "Payments", policyId: api.id });
    await register({ name: "Draft" });

    const byName = Object.fromEntries((await listPolicies(temp.ctx, viewer)).map((policy) => [policy.name, policy]));
    expect(byName["Anonymous"]).toMatchObject({
      usableBy: { mcpServers: true, apiServices: true },
      incompatibleRules: [],
      usedBy: 2,
      usedByServers: 1,
      usedByServices: 1,
    });
    expect(byName["HTTP API"]).toMatchObject({
      usableBy: { mcpServers: false, apiServices: true },
      incompatibleRules: [
        { label: "Response Cache", reason: expect.stringContaining("MCP calls are POSTed JSON-RPC messages") },
        { label: "HTTP Retry", reason: expect.stringContaining("run a tool twice") },
      ],
      usedBy: 1,
      usedByServers: 0,
      usedByServices: 1,
    });
  });
});
