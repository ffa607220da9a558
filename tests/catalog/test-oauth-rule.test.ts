import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/catalog/actor";
import { createPolicy } from "@/lib/catalog/create-policy";
import { testOAuthRule } from "@/lib/catalog/test-oauth-rule";
import { seedActor } from "../helpers/actors";
import { catalogErrorOf } from "../helpers/catalog-error";
import { AGENT, startOidcServer, type OidcServer } from "../helpers/oidc-server";
import { createTempDatabase, type TempDatabase } from "../helpers/temp-database";

/**
 * "Test connection" of an MCP OAuth2 Client Credentials rule against a real authorization
 * server: discovery, a token for the rule's client, and validation through the rule itself.
 */
let oidc: OidcServer;
let database: TempDatabase;
let admin: Actor;
const ORIGIN = "http://gateway.test";

beforeAll(async () => {
  oidc = await startOidcServer();
  database = await createTempDatabase();
  admin = await seedActor(database.ctx, "admin");
});

afterAll(async () => {
  await database?.cleanup();
  await oidc?.close();
});

const config = (overrides: Record<string, unknown> = {}) => ({
  tokenEndpointUrl: oidc.tokenEndpoint,
  clientId: AGENT.id,
  clientSecret: AGENT.secret,
  scope: "mcp:access read:data",
  authDomain: oidc.issuer,
  jwksUrl: "",
  ...overrides,
});

describe("testOAuthRule", () => {
  it("gets a token and validates it through the rule, showing claims, user ID and roles", async () => {
    const result = await testOAuthRule(database.ctx, admin, { config: config({ userIdExpression: "claims.client_id" }) }, ORIGIN);
    expect(result.steps.map((step) => [step.name, step.ok])).toEqual([
      ["discovery", true],
      ["token", true],
      ["validation", true],
    ]);
    expect(result.ok).toBe(true);
    expect(result.resource).toBe(`${ORIGIN}/mcp/connection-test`);
    expect(result.userId).toBe(AGENT.id);
    expect(result.roles).toEqual(["mcp:access", "read:data"]);
    expect(result.claims).toMatchObject({ iss: oidc.issuer, aud: result.resource, client_id: AGENT.id });
  });

  it("uses the secret stored with a saved rule when the form keeps it, and a server of the policy as resource", async () => {
    const saved = await createPolicy(database.ctx, admin, { name: "Agents", rules: [{ kind: "mcp-oauth2-client-credentials", config: config() }] });
    await database.ctx.db.mcpServer.create({ data: { name: "Billing", slug: "billing", upstreamUrl: "http://127.0.0.1:9/mcp", policyId: saved.policy.id, updatedBy: admin.email } });
    const rule = saved.policy.rules[0]!;
    const result = await testOAuthRule(database.ctx, admin, { config: rule.config, policyId: saved.policy.id, ruleId: rule.id }, ORIGIN);
    expect(rule.config.clientSecret).toEqual({ set: true });
    expect(result.ok).toBe(true);
    expect(result.resource).toBe(`${ORIGIN}/mcp/billing`);
  });

  it("names the failing step: a wrong secret at the token endpoint", async () => {
    const result = await testOAuthRule(database.ctx, admin, { config: config({ clientSecret: "wrong-secret" }) }, ORIGIN);
    expect(result.ok).toBe(false);
    expect(result.steps.at(-1)).toMatchObject({ name: "token", ok: false });
    expect(result.steps.at(-1)!.detail).toContain("invalid_client");
  });

  it("names the failing step: an Auth Domain that is not the issuer", async () => {
    const result = await testOAuthRule(database.ctx, admin, { config: config({ authDomain: `${oidc.issuer}/elsewhere` }) }, ORIGIN);
    expect(result.ok).toBe(false);
    expect(result.steps).toEqual([expect.objectContaining({ name: "discovery", ok: false })]);
  });

  it("names the failing step: a required scope the token lacks", async () => {
    const result = await testOAuthRule(database.ctx, admin, { config: config({ scope: "mcp:access admin:everything" }) }, ORIGIN);
    expect(result.ok).toBe(false);
    expect(result.steps.find((step) => !step.ok)?.name).toMatch(/token|validation/);
  });

  it("is for admins only, and asks for a secret when there is none", async () => {
    const viewer = await seedActor(database.ctx, "viewer");
    expect((await catalogErrorOf(testOAuthRule(database.ctx, viewer, { config: config() }, ORIGIN))).code).toBe("forbidden");
    const error = await catalogErrorOf(testOAuthRule(database.ctx, admin, { config: config({ clientSecret: { set: true } }) }, ORIGIN));
    expect(error.code).toBe("validation_failed");
    expect(error.issues).toEqual([{ path: "config.clientSecret", message: "Enter the client secret" }]);
  });
});
