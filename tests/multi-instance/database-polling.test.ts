import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServerEverything } from "../helpers/server-everything";
import { anonymousRule, roleRule } from "../helpers/rule-inputs";
import { TEST_DATABASE_URL, sharedDatabase, startInstance, type Instance } from "./gateway-instances";
import { alternate, changesReachTheOtherInstance, expectWithin, initializeStatus, registerServer, sessionCrossesInstances } from "./scenarios";

/**
 * Two gateway instances without Redis, separate processes sharing one database (PostgreSQL
 * with TEST_DATABASE_URL, else one SQLite file): they notice each other's changes by reading
 * the catalog revision once a second, and sessions cross; throttling counts per instance.
 */
if (!TEST_DATABASE_URL) {
  console.warn("TEST_DATABASE_URL is not set: the instances of tests/multi-instance/database-polling.test.ts share a SQLite file instead of PostgreSQL.");
}

describe(`two instances without Redis sharing ${TEST_DATABASE_URL ? "PostgreSQL" : "one SQLite file"}`, () => {
  let database: Awaited<ReturnType<typeof sharedDatabase>>;
  let upstream: Awaited<ReturnType<typeof startServerEverything>>;
  let instances: [Instance, Instance];

  beforeAll(async () => {
    [database, upstream] = await Promise.all([sharedDatabase(), startServerEverything()]);
    instances = (await Promise.all([startInstance({ databaseUrl: database.url }), startInstance({ databaseUrl: database.url })])) as [Instance, Instance];
  });

  afterAll(async () => {
    await Promise.all((instances ?? []).map((instance) => instance.stop()));
    await upstream?.stop();
    await database?.cleanup();
  });

  it("are ready without a Redis check", async () => {
    const response = await fetch(`${instances[1].origin}/readyz`);
    expect(await response.json()).toEqual({ ready: true, checks: { database: "ok", policies: expect.stringMatching(/^ok/) } });
  });

  it("enforce a policy, server or API service changed through one instance on the other within one second (the catalog revision)", async () => {
    await changesReachTheOtherInstance(instances, upstream.url);
  });

  it("let a session started through one instance go on through the other: tools/call and the GET stream", async () => {
    await sessionCrossesInstances(instances, upstream.url);
  });

  it("count Client Throttling per instance: without Redis a limit holds on each instance, not across them", async () => {
    await registerServer(instances[0], "limited", upstream.url, [anonymousRule(), roleRule(["anonymous"]), { kind: "client-throttling", config: { defaultLimit: 2, defaultPeriod: "minute" } }]);
    await expectWithin(async () => (await fetch(`${instances[1].origin}/mcp/limited`, { method: "OPTIONS" })).status === 204, "instance 2 knows the server");
    // Four requests pass where one shared count would have let two: each instance lets its own two through.
    expect(await alternate(instances, "limited", 6)).toEqual([200, 200, 200, 200, 429, 429]);
  });
});
