import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServerEverything } from "../helpers/server-everything";
import { anonymousRule, roleRule } from "../helpers/rule-inputs";
import { TEST_DATABASE_URL, TEST_REDIS_URL, sharedDatabase, startInstance, type Instance } from "./gateway-instances";
import { alternate, changesReachTheOtherInstance, expectWithin, initializeStatus, registerServer, sessionCrossesInstances } from "./scenarios";

/**
 * Two gateway instances, separate processes on their own ports, sharing one database
 * (PostgreSQL with TEST_DATABASE_URL) and the Redis at TEST_REDIS_URL: a throttling limit
 * holds across both, changes reach the other instance through Redis, sessions cross.
 */
if (!TEST_REDIS_URL) {
  console.warn("TEST_REDIS_URL is not set: the tests of instances sharing Redis (tests/multi-instance/shared-redis.test.ts) are skipped. Set it, e.g. TEST_REDIS_URL=redis://127.0.0.1:6379.");
}

describe.skipIf(!TEST_REDIS_URL)(`two instances sharing Redis and ${TEST_DATABASE_URL ? "PostgreSQL" : "one SQLite file"}`, () => {
  let database: Awaited<ReturnType<typeof sharedDatabase>>;
  let upstream: Awaited<ReturnType<typeof startServerEverything>>;
  let instances: [Instance, Instance];

  beforeAll(async () => {
    [database, upstream] = await Promise.all([sharedDatabase(), startServerEverything()]);
    instances = (await Promise.all([startInstance({ databaseUrl: database.url, redisUrl: TEST_REDIS_URL }), startInstance({ databaseUrl: database.url, redisUrl: TEST_REDIS_URL })])) as [Instance, Instance];
  });

  afterAll(async () => {
    await Promise.all((instances ?? []).map((instance) => instance.stop()));
    await upstream?.stop();
    await database?.cleanup();
  });

  it("are both ready, Redis included", async () => {
    for (const instance of instances) {
      const response = await fetch(`${instance.origin}/readyz`);
      expect(await response.json()).toEqual({ ready: true, checks: { database: "ok", policies: expect.stringMatching(/^ok/), redis: "ok" } });
    }
  });

  it("hold one Client Throttling limit between them: N requests pass in total, the next is refused on either", async () => {
    const limit = 5;
    await registerServer(instances[0], "limited", upstream.url, [anonymousRule(), roleRule(["anonymous"]), { kind: "client-throttling", config: { defaultLimit: limit, defaultPeriod: "minute" } }]);
    await expectWithin(async () => (await fetch(`${instances[1].origin}/mcp/limited`, { method: "OPTIONS" })).status === 204, "instance 2 knows the server");
    const statuses = await alternate(instances, "limited", limit + 2);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    // The refusals came from both instances: the 6th request went to instance 2, the 7th to instance 1.
    expect(await initializeStatus(instances[0], "limited")).toBe(429);
    expect(await initializeStatus(instances[1], "limited")).toBe(429);
  });

  it("enforce a policy, server or API service changed through one instance on the other within one second (Redis notices)", async () => {
    await changesReachTheOtherInstance(instances, upstream.url);
  });

  it("let a session started through one instance go on through the other: tools/call and the GET stream", async () => {
    await sessionCrossesInstances(instances, upstream.url);
  });
});
