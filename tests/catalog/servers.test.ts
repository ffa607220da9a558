import http from "node:http";
import net from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/catalog/actor";
import { onCatalogChange, type CatalogChange } from "@/lib/catalog/change-events";
import { createPolicy } from "@/lib/catalog/create-policy";
import { createServer } from "@/lib/catalog/create-server";
import { deletePolicy } from "@/lib/catalog/delete-policy";
import { deleteServer } from "@/lib/catalog/delete-server";
import { getServerOrThrow } from "@/lib/catalog/get-server-or-throw";
import { listPolicies } from "@/lib/catalog/list-policies";
import { listServers } from "@/lib/catalog/list-servers";
import type { ConnectionTestResult } from "@/lib/catalog/probe-upstream";
import { testServerConnection } from "@/lib/catalog/test-server-connection";
import { updatePolicy } from "@/lib/catalog/update-policy";
import { updateServer } from "@/lib/catalog/update-server";
import { catalogErrorOf } from "../helpers/catalog-error";
import { seedActor } from "../helpers/actors";
import { anonymousRule, roleRule } from "../helpers/rule-inputs";
import { freePort } from "../helpers/free-port";
import { startServerEverything } from "../helpers/server-everything";
import { createTempDatabase, type TempDatabase } from "../helpers/temp-database";

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

const UPSTREAM = "http://127.0.0.1:3001/mcp";
const CACHE_RULE = { kind: "response-cache", config: {} };
const RETRY_RULE = { kind: "http-retry", config: {} };

function register(input: Record<string, unknown>, actor: Actor = alice) {
  return createServer(temp.ctx, actor, { upstreamUrl: UPSTREAM, ...input });
}

async function issuesOf(pending: Promise<unknown>) {
  const error = await catalogErrorOf(pending);
  expect(error.code).toBe("validation_failed");
  expect(error.status).toBe(422);
  return error.issues;
}

describe("createServer", () => {
  it("registers a server with a slug derived from its name, enabled with its policy, and says so to the gateway", async () => {
    const changes: CatalogChange[] = [];
    const stop = onCatalogChange((change) => changes.push(change));
    const server = await register({ name: "  Billing Tools (EU)  ", description: "Invoices", policyId: anonymousPolicyId }).finally(stop);

    expect(server).toMatchObject({
      name: "Billing Tools (EU)",
      slug: "billing-tools-eu",
      description: "Invoices",
      upstreamUrl: UPSTREAM,
      policyId: anonymousPolicyId,
      policy: { id: anonymousPolicyId, name: "Anonymous", incompatibleRules: [] },
      enabled: true,
      timeoutSeconds: 60,
      version: 1,
      updatedBy: "alice@example.com",
    });
    expect(changes).toEqual([{ type: "server", id: server.id }]);
    expect(await getServerOrThrow(temp.ctx, viewer, server.id)).toEqual(server);
  });

  it("keeps a server without a policy disabled, and refuses to enable it (secure by default)", async () => {
    const server = await register({ name: "Draft" });
    expect(server).toMatchObject({ enabled: false, policyId: null, policy: null });

    const issues = await issuesOf(register({ name: "Open", enabled: true }));
    expect(issues).toEqual([{ path: "policyId", message: expect.stringContaining("Anonymous template is the explicit open option") }]);
    expect(await temp.ctx.db.mcpServer.count()).toBe(1);
  });

  it("stores an explicit slug, timeout and enabled switch", async () => {
    const server = await register({ name: "Search", slug: "search-v2", timeoutSeconds: 5, enabled: false, policyId: anonymousPolicyId });
    expect(server).toMatchObject({ slug: "search-v2", timeoutSeconds: 5, enabled: false, policyId: anonymousPolicyId });
  });

  it("numbers a derived slug that is taken or reserved", async () => {
    expect((await register({ name: "Billing" })).slug).toBe("billing");
    expect((await register({ name: "billing!" })).slug).toBe("billing-2");
    expect((await register({ name: "Metrics" })).slug).toBe("metrics-2");
  });

  it.each([
    { slug: "Billing", message: "Use lowercase letters a–z, digits and hyphens only" },
    { slug: "billing/tools", message: "Use lowercase letters a–z, digits and hyphens only" },
    { slug: "-billing", message: "Start and end with a letter or digit" },
    { slug: "a".repeat(64), message: "At most 63 characters" },
    { slug: "health", message: "“health” is reserved for Gatehouse; choose another slug" },
  ])("refuses the slug $slug", async ({ slug, message }) => {
    expect(await issuesOf(register({ name: "Billing", slug }))).toEqual([{ path: "slug", message }]);
  });

  it("refuses a slug another server has, and a name another server has in any case", async () => {
    await register({ name: "Billing", slug: "billing" });

    const slugTaken = await catalogErrorOf(register({ name: "Invoices", slug: "billing" }));
    expect(slugTaken.code).toBe("name_taken");
    expect(slugTaken.status).toBe(409);
    expect(slugTaken.issues.map((issue) => issue.path)).toEqual(["slug"]);

    const nameTaken = await catalogErrorOf(register({ name: "BILLING", slug: "other" }));
    expect(nameTaken.code).toBe("name_taken");
    expect(nameTaken.issues.map((issue) => issue.path)).toEqual(["name"]);
    expect(await temp.ctx.db.mcpServer.count()).toBe(1);
  });

  it.each([
    { name: "not a URL", upstreamUrl: "localhost:3001", message: "Enter an http:// or https:// URL, such as http://127.0.0.1:3001/mcp" },
    { name: "another scheme", upstreamUrl: "ftp://files.example.com/mcp", message: "Enter an http:// or https:// URL, such as http://127.0.0.1:3001/mcp" },
    { name: "credentials in the URL", upstreamUrl: "https://user:secret@mcp.example.com/mcp", message: "Remove the user name and password from the URL" },
    { name: "a fragment", upstreamUrl: "https://mcp.example.com/mcp#tools", message: "Remove the #fragment: it is never sent to the server" },
    { name: "nothing", upstreamUrl: "  ", message: "Enter the URL of the MCP server" },
  ])("refuses an upstream URL with $name", async ({ upstreamUrl, message }) => {
    expect(await issuesOf(register({ name: "Billing", upstreamUrl }))).toEqual([{ path: "upstreamUrl", message }]);
  });

  it.each([
    { timeoutSeconds: 0, message: "At least 1 second" },
    { timeoutSeconds: 601, message: "At most 600 seconds (10 minutes)" },
    { timeoutSeconds: 1.5, message: "Enter whole seconds" },
    { timeoutSeconds: "60", message: "Enter a number of seconds" },
  ])("refuses a timeout of $timeoutSeconds", async ({ timeoutSeconds, message }) => {
    expect(await issuesOf(register({ name: "Billing", timeoutSeconds }))).toEqual([{ path: "timeoutSeconds", message }]);
  });

  it("refuses a policy with rules MCP servers cannot use, naming them", async () => {
    const { policy } = await createPolicy(temp.ctx, alice, { name: "HTTP API", rules: [anonymousRule(), CACHE_RULE, RETRY_RULE] });

    const issues = await issuesOf(register({ name: "Billing", policyId: policy.id }));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe("policyId");
    expect(issues[0]!.message).toContain("“HTTP API” cannot be attached: MCP servers cannot use Response Cache and HTTP Retry.");
    expect(await temp.ctx.db.mcpServer.count()).toBe(0);
  });

  it("refuses a policy that does not exist", async () => {
    expect(await issuesOf(register({ name: "Billing", policyId: "no-such-policy" }))).toEqual([
      { path: "policyId", message: "This policy does not exist (any more); choose another" },
    ]);
  });

  it("refuses viewers and callers who are not signed in", async () => {
    expect((await catalogErrorOf(register({ name: "Billing" }, viewer))).code).toBe("forbidden");
    expect((await catalogErrorOf(createServer(temp.ctx, null, { name: "Billing", upstreamUrl: UPSTREAM }))).code).toBe("unauthorized");
    expect(await temp.ctx.db.mcpServer.count()).toBe(0);
  });
});

describe("updateServer", () => {
  it("saves a new version, recording who saved it, and keeps the slug when none is sent", async () => {
    const server = await register({ name: "Billing" });

    const updated = await updateServer(temp.ctx, bob, server.id, {
      name: "Billing (prod)",
      upstreamUrl: "https://billing.internal/mcp",
      policyId: anonymousPolicyId,
      timeoutSeconds: 120,
      version: 1,
    });
    expect(updated).toMatchObject({
      name: "Billing (prod)",
      slug: "billing",
      upstreamUrl: "https://billing.internal/mcp",
      policyId: anonymousPolicyId,
      enabled: true,
      timeoutSeconds: 120,
      version: 2,
      updatedBy: "bob@example.com",
    });

    const moved = await updateServer(temp.ctx, alice, server.id, { ...updated, slug: "billing-prod" });
    expect(moved).toMatchObject({ slug: "billing-prod", version: 3, updatedBy: "alice@example.com" });
  });

  it("refuses a stale version with a 409 that names who saved in between", async () => {
    const server = await register({ name: "Shared" });
    await updateServer(temp.ctx, bob, server.id, { name: "Shared by Bob", upstreamUrl: UPSTREAM, version: 1 });

    const error = await catalogErrorOf(updateServer(temp.ctx, alice, server.id, { name: "Shared by Alice", upstreamUrl: UPSTREAM, version: 1 }));
    expect(error.code).toBe("conflict");
    expect(error.status).toBe(409);
    expect(error.message).toContain("bob@example.com");
    expect(error.message).toContain("reload");
    expect(await temp.ctx.db.mcpServer.findUniqueOrThrow({ where: { id: server.id } })).toMatchObject({ name: "Shared by Bob", version: 2 });
  });

  it("refuses to attach an incompatible policy, to enable without a policy, and to take another server's slug", async () => {
    const { policy } = await createPolicy(temp.ctx, alice, { name: "Cached", rules: [CACHE_RULE] });
    await register({ name: "Other", slug: "other" });
    const server = await register({ name: "Billing", policyId: anonymousPolicyId });
    const base = { name: "Billing", upstreamUrl: UPSTREAM, version: 1 };

    expect((await issuesOf(updateServer(temp.ctx, alice, server.id, { ...base, policyId: policy.id })))[0]?.message).toContain("Response Cache");
    expect((await issuesOf(updateServer(temp.ctx, alice, server.id, { ...base, policyId: null, enabled: true }))).map((issue) => issue.path)).toEqual(["policyId"]);
    const slugTaken = await catalogErrorOf(updateServer(temp.ctx, alice, server.id, { ...base, slug: "other" }));
    expect(slugTaken.issues.map((issue) => issue.path)).toEqual(["slug"]);

    expect(await getServerOrThrow(temp.ctx, alice, server.id)).toEqual(server);
  });

  it("detaches a policy, which disables the server", async () => {
    const server = await register({ name: "Billing", policyId: anonymousPolicyId });
    const detached = await updateServer(temp.ctx, alice, server.id, { name: "Billing", upstreamUrl: UPSTREAM, policyId: null, version: 1 });
    expect(detached).toMatchObject({ policyId: null, policy: null, enabled: false });
  });

  it("refuses viewers and reports an unknown server", async () => {
    const server = await register({ name: "Billing" });
    const input = { name: "Billing", upstreamUrl: UPSTREAM, version: 1 };
    expect((await catalogErrorOf(updateServer(temp.ctx, viewer, server.id, input))).code).toBe("forbidden");
    expect((await catalogErrorOf(updateServer(temp.ctx, alice, "no-such-server", input))).code).toBe("not_found");
  });
});

describe("listServers and deleteServer", () => {
  it("lists servers by name with their policies, for viewers too, and searches", async () => {
    await register({ name: "Search", policyId: anonymousPolicyId });
    await register({ name: "Billing", upstreamUrl: "https://billing.internal/mcp" });

    const servers = await listServers(temp.ctx, viewer);
    expect(servers.map((server) => [server.name, server.policy?.name ?? null])).toEqual([
      ["Billing", null],
      ["Search", "Anonymous"],
    ]);
    expect((await listServers(temp.ctx, viewer, "billing.internal")).map((server) => server.name)).toEqual(["Billing"]);
    expect((await catalogErrorOf(listServers(temp.ctx, null))).code).toBe("unauthorized");
  });

  it("deletes a server for admins only", async () => {
    const server = await register({ name: "Billing" });
    expect((await catalogErrorOf(deleteServer(temp.ctx, viewer, server.id))).code).toBe("forbidden");

    await deleteServer(temp.ctx, alice, server.id);
    expect(await temp.ctx.db.mcpServer.count()).toBe(0);
    expect((await catalogErrorOf(deleteServer(temp.ctx, alice, server.id))).code).toBe("not_found");
  });
});

describe("policies used by servers", () => {
  it("counts the servers using each policy", async () => {
    const { policy: unused } = await createPolicy(temp.ctx, alice, { name: "Unused", rules: [anonymousRule()] });
    await register({ name: "One", policyId: anonymousPolicyId });
    await register({ name: "Two", policyId: anonymousPolicyId, enabled: false });
    await register({ name: "Three" });

    const usedBy = Object.fromEntries((await listPolicies(temp.ctx, viewer)).map((policy) => [policy.id, policy.usedBy]));
    expect(usedBy).toEqual({ [anonymousPolicyId]: 2, [unused.id]: 0 });
  });

  it("refuses to delete a policy that servers use, naming them, and deletes it once they let go", async () => {
    const one = await register({ name: "Search", policyId: anonymousPolicyId });
    await register({ name: "Billing", policyId: anonymousPolicyId });

    const error = await catalogErrorOf(deletePolicy(temp.ctx, alice, anonymousPolicyId));
    expect(error.code).toBe("in_use");
    expect(error.status).toBe(409);
    expect(error.message).toBe("“Anonymous” is used by 2 MCP servers: “Billing” and “Search”. Attach another policy to those servers, or delete them, first.");
    expect(await temp.ctx.db.policy.count({ where: { id: anonymousPolicyId } })).toBe(1);

    await deleteServer(temp.ctx, alice, one.id);
    expect((await catalogErrorOf(deletePolicy(temp.ctx, alice, anonymousPolicyId))).message).toContain("the MCP server “Billing”");
  });

  it("is backed by the foreign key, so a delete that skips the check fails too", async () => {
    await register({ name: "Search", policyId: anonymousPolicyId });
    await expect(temp.ctx.db.policy.delete({ where: { id: anonymousPolicyId } })).rejects.toMatchObject({ code: "P2003" });
  });

  it("refuses a policy update that adds a rule its servers cannot use, naming the servers", async () => {
    await register({ name: "Search", policyId: anonymousPolicyId });
    await register({ name: "Billing", policyId: anonymousPolicyId, enabled: false });
    const current = (await temp.ctx.db.rule.findMany({ where: { policyId: anonymousPolicyId }, orderBy: { position: "asc" } })).map((rule) => ({
      id: rule.id,
      kind: rule.kind,
      config: rule.config,
    }));

    const issues = await issuesOf(updatePolicy(temp.ctx, alice, anonymousPolicyId, { name: "Anonymous", version: 1, rules: [...current, CACHE_RULE] }));
    expect(issues).toEqual([{ path: "rules.2.kind", message: expect.stringContaining("The MCP servers “Billing” and “Search” use this policy") }]);
    expect(issues[0]!.message).toContain("cannot use Response Cache");
    const stored = await temp.ctx.db.policy.findUniqueOrThrow({ where: { id: anonymousPolicyId }, include: { rules: true } });
    expect(stored.version).toBe(1);
    expect(stored.rules.map((rule) => rule.kind).sort()).toEqual(["anonymous-authenticator", "authorize-by-role"]);

    // Other changes to the same policy still save.
    const { policy } = await updatePolicy(temp.ctx, alice, anonymousPolicyId, { name: "Anonymous (dev)", version: 1, rules: current });
    expect(policy).toMatchObject({ name: "Anonymous (dev)", version: 2 });
  });

  it("lets a policy that no server uses gain such a rule", async () => {
    const { policy } = await createPolicy(temp.ctx, alice, { name: "Standalone", rules: [anonymousRule()] });
    const { policy: updated } = await updatePolicy(temp.ctx, alice, policy.id, { name: "Standalone", version: 1, rules: [anonymousRule(), CACHE_RULE] });
    expect(updated.rules.map((rule) => rule.kind)).toEqual(["anonymous-authenticator", "response-cache"]);
  });
});

describe("testServerConnection", () => {
  let everything: Awaited<ReturnType<typeof startServerEverything>>;
  let silent: net.Server;
  let web: http.Server;
  let silentPort: number;
  let webPort: number;

  beforeAll(async () => {
    everything = await startServerEverything();
    // Accepts connections and never says a word.
    silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    silentPort = (silent.address() as net.AddressInfo).port;
    // A web server that is no MCP server.
    web = http.createServer((request, response) => {
      if (request.url === "/page") {
        response.writeHead(200, { "content-type": "text/html" }).end("<html><body>Welcome</body></html>");
        return;
      }
      response.writeHead(404, { "content-type": "text/plain" }).end("No such endpoint");
    });
    await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
    webPort = (web.address() as net.AddressInfo).port;
  });

  afterAll(async () => {
    await everything?.stop();
    silent?.close();
    web?.closeAllConnections();
    web?.close();
  });

  function failureOf(result: ConnectionTestResult) {
    if (result.ok) return expect.fail(`Expected a failure, got ${JSON.stringify(result)}`);
    return result;
  }

  it("initializes and lists the tools of a real MCP server, from an unsaved form", async () => {
    const result = await testServerConnection(temp.ctx, alice, { upstreamUrl: everything.url, timeoutSeconds: 10 });
    if (!result.ok) return expect.fail(`Expected success, got ${result.title}: ${result.message}`);
    expect(result.server).toMatchObject({ name: "mcp-servers/everything", version: expect.stringMatching(/\d/) });
    expect(result.protocolVersion).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(result.offersTools).toBe(true);
    expect(result.tools.length).toBeGreaterThan(3);
    expect(result.tools).toContainEqual({ name: "echo", description: expect.stringMatching(/echo/i) });
    expect(result.durationMs).toBeLessThan(10_000);
  });

  it("tests a saved server by its id, with its own URL and timeout", async () => {
    const server = await register({ name: "Everything", upstreamUrl: everything.url, timeoutSeconds: 10 });
    const result = await testServerConnection(temp.ctx, alice, { serverId: server.id });
    expect(result).toMatchObject({ ok: true, upstreamUrl: everything.url, server: { name: "mcp-servers/everything" } });
  });

  it("reports a refused connection", async () => {
    const port = await freePort();
    const failure = failureOf(await testServerConnection(temp.ctx, alice, { upstreamUrl: `http://127.0.0.1:${port}/mcp`, timeoutSeconds: 5 }));
    expect(failure).toMatchObject({ failure: "refused", title: "Connection refused", step: "initialize", httpStatus: null });
    expect(failure.message).toContain(`127.0.0.1:${port}`);
    expect(failure.message).toContain("ECONNREFUSED");
  });

  it("gives up on a server that never answers, after the timeout", async () => {
    const started = Date.now();
    const failure = failureOf(await testServerConnection(temp.ctx, alice, { upstreamUrl: `http://127.0.0.1:${silentPort}/mcp`, timeoutSeconds: 1 }));
    const elapsed = Date.now() - started;
    expect(failure).toMatchObject({ failure: "timeout", title: "Timed out", step: "initialize" });
    expect(failure.message).toBe(`127.0.0.1:${silentPort} did not answer initialize within 1 s (the server's request timeout).`);
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(4000);
  });

  it("reports the HTTP status of an endpoint that is not there", async () => {
    const failure = failureOf(await testServerConnection(temp.ctx, alice, { upstreamUrl: `http://127.0.0.1:${webPort}/nothing`, timeoutSeconds: 5 }));
    expect(failure).toMatchObject({ failure: "http_status", title: "HTTP 404 Not Found", httpStatus: 404 });
    expect(failure.message).toContain("No such endpoint");
    expect(failure.message).toContain("/mcp");
  });

  it("recognises a web page that is not an MCP server", async () => {
    const failure = failureOf(await testServerConnection(temp.ctx, alice, { upstreamUrl: `http://127.0.0.1:${webPort}/page`, timeoutSeconds: 5 }));
    expect(failure).toMatchObject({ failure: "not_mcp", title: "Not an MCP server" });
    expect(failure.message).toContain("text/html");
  });

  it("validates an unsaved form's settings, refuses viewers and reports an unknown server", async () => {
    expect(await issuesOf(testServerConnection(temp.ctx, alice, { upstreamUrl: "ftp://example.com", timeoutSeconds: 0 }))).toEqual([
      { path: "upstreamUrl", message: "Enter an http:// or https:// URL, such as http://127.0.0.1:3001/mcp" },
      { path: "timeoutSeconds", message: "At least 1 second" },
    ]);
    expect((await catalogErrorOf(testServerConnection(temp.ctx, viewer, { upstreamUrl: everything.url }))).code).toBe("forbidden");
    expect((await catalogErrorOf(testServerConnection(temp.ctx, alice, { serverId: "no-such-server" }))).code).toBe("not_found");
  });
});
