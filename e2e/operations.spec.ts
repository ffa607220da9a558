import { expect, test } from "@playwright/test";

/** What load balancers and orchestrators ask the production entry, without signing in. */
test("liveness and readiness answer without a session", async ({ request }) => {
  const live = await request.get("/healthz");
  expect(live.status()).toBe(200);
  expect(await live.json()).toEqual({ status: "ok" });

  const ready = await request.get("/readyz");
  expect(ready.status()).toBe(200);
  const body = await ready.json();
  expect(body.status).toBe("ready");
  expect(body.checks.database).toBe("ok");
  expect(body.checks.policies).toMatch(/^ok \(\d+ servers\)$/);
});
