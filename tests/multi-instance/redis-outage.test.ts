import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectRefusal, initializeMessage, postMcp } from "../helpers/mcp-requests";
import { anonymousRule, roleRule } from "../helpers/rule-inputs";
import { startServerEverything } from "../helpers/server-everything";
import { eventually, redisServerBinary, sharedDatabase, startInstance, startOwnRedis, type Instance } from "./gateway-instances";
import { alternate, expectWithin, initializeStatus, registerServer } from "./scenarios";

/**
 * Redis stops while two instances use it, and comes back. The gateway keeps serving: policies
 * that fail open let requests through uncounted (with a warning in the log), those that fail
 * closed answer 503 (a JSON-RPC error for MCP servers, problem details for API services);
 * /readyz says Redis is unreachable. When Redis returns, the connections come back by
 * themselves and counting resumes. The tests run their own redis-server, never the machine's.
 */
const binary = redisServerBinary();
if (!binary) console.warn("redis-server is not installed: the Redis outage tests (tests/multi-instance/redis-outage.test.ts) are skipped. On Debian/Ubuntu: apt-get install redis-server.");

const throttled = (limit: number, whenStoreUnavailable: "allow" | "refuse") => [
  anonymousRule(),
  roleRule(["anonymous"]),
  { kind: "client-throttling", config: { defaultLimit: limit, defaultPeriod: "minute", whenStoreUnavailable } },
];

/** How long Redis may take to be reconnected to after it is back (reconnect attempts back off to every 2 s). */
const RECONNECT_DEADLINE_MS = 15_000;

describe.skipIf(!binary)("a Redis outage", () => {
  let redis: Awaited<ReturnType<typeof startOwnRedis>>;
  let database: Awaited<ReturnType<typeof sharedDatabase>>;
  let upstream: Awaited<ReturnType<typeof startServerEverything>>;
  let instances: [Instance, Instance];
  let service: { id: string; version: number; upstreamBaseUrl: string; policyId: string };

  beforeAll(async () => {
    [redis, database, upstream] = await Promise.all([startOwnRedis(binary!), sharedDatabase(), startServerEverything()]);
    instances = (await Promise.all([startInstance({ databaseUrl: database.url, redisUrl: redis.url }), startInstance({ databaseUrl: database.url, redisUrl: redis.url })])) as [Instance, Instance];
    await registerServer(instances[0], "fail-open", upstream.url, throttled(1000, "allow"));
    await registerServer(instances[0], "fail-closed", upstream.url, throttled(3, "refuse"));
    const { policy } = await instances[0].control<{ policy: { id: string } }>("createPolicy", { input: { name: "files policy", rules: throttled(1000, "refuse") } });
    service = await instances[0].control("createService", { input: { name: "files", slug: "files", upstreamBaseUrl: new URL("/", upstream.url).href, policyId: policy.id } });
    await expectWithin(async () => (await fetch(`${instances[1].origin}/apis/files/`, { method: "OPTIONS" })).status !== 404, "instance 2 knows the API service");
  });

  afterAll(async () => {
    await Promise.all((instances ?? []).map((instance) => instance.stop()));
    await redis?.stop();
    await upstream?.stop();
    await database?.cleanup();
  });

  it("keeps serving as each policy chooses while Redis is down, and counts again once it is back", async () => {
    expect(await initializeStatus(instances[1], "fail-open")).toBe(200);
    expect(await initializeStatus(instances[1], "fail-closed")).toBe(200);

    await redis.stop();

    // Fail open: served, uncounted, with a warning in the log.
    expect(await alternate(instances, "fail-open", 4)).toEqual([200, 200, 200, 200]);
    expect(instances[0].output()).toContain("Client Throttling cannot count requests: Redis is unavailable");

    // Fail closed: 503 with a JSON-RPC error for an MCP server…
    for (const instance of instances) {
      const refused = await postMcp(`${instance.origin}/mcp/fail-closed`, initializeMessage(7));
      expect(refused.headers.get("retry-after")).toBe("1");
      await expectRefusal(refused, { status: 503, code: -32008, id: 7, message: "Request limits cannot be checked right now; retry shortly" });
    }
    // …and problem details for an API service.
    const problem = await fetch(`${instances[1].origin}/apis/files/anything`);
    expect(problem.status).toBe(503);
    expect(problem.headers.get("content-type")).toBe("application/problem+json");
    expect(await problem.json()).toEqual({
      type: "https://gatehouse.dev/problems/throttling_unavailable",
      title: "Request limits unavailable",
      status: 503,
      detail: "Request limits cannot be checked right now; retry shortly",
    });

    const notReady = await fetch(`${instances[0].origin}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({ ready: false, checks: { database: "ok", redis: expect.stringMatching(/^unreachable/) } });

    await redis.start();

    expect(await eventually(async () => (await initializeStatus(instances[0], "fail-closed")) === 200, RECONNECT_DEADLINE_MS, 200), "instance 1 counts in Redis again").toBe(true);
    expect(await eventually(async () => (await initializeStatus(instances[1], "fail-closed")) === 200, RECONNECT_DEADLINE_MS, 200), "instance 2 counts in Redis again").toBe(true);
    // Redis came back empty: the two requests above are counted, the third passes, the fourth is over the limit of 3.
    expect(await alternate(instances, "fail-closed", 2)).toEqual([200, 429]);
    expect(instances[1].output()).toContain("Redis is available again");
    expect((await fetch(`${instances[1].origin}/readyz`)).status).toBe(200);
  });

  it("brings a change made while Redis was down to the other instance once Redis is back", async () => {
    const disabled = async (instance: Instance) => {
      const response = await fetch(`${instance.origin}/apis/files/anything`);
      const body = await response.text();
      return response.status === 503 && body.includes("problems/service_disabled");
    };
    expect(await disabled(instances[1])).toBe(false);
    await redis.stop();
    await instances[0].control("updateService", { id: service.id, input: { name: "files", slug: "files", upstreamBaseUrl: service.upstreamBaseUrl, policyId: service.policyId, enabled: false, version: service.version } });
    expect(await disabled(instances[0])).toBe(true);
    expect(instances[0].output()).toContain("could not send a catalog change to the other instances through Redis");
    await redis.start();
    // Subscribed again, instance 2 reads the catalog revision, finds it moved and reloads.
    expect(await eventually(() => disabled(instances[1]), RECONNECT_DEADLINE_MS, 200), "instance 2 sees the disabled service").toBe(true);
    // Not before: instance 2 could not have heard of it while Redis was down, and reads the revision only every 30 s then.
  });
});
