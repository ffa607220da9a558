import http from "node:http";
import type { AddressInfo } from "node:net";
import { errors, exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK } from "jose";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { RemoteKeySet } from "./remote-key-set";

type SigningKey = { kid: string; privateKey: CryptoKey; jwk: JWK };

async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" } };
}

const sign = (key: SigningKey) => new SignJWT({ sub: "alice" }).setProtectedHeader({ alg: "ES256", kid: key.kid }).setExpirationTime("5m").sign(key.privateKey);

/** A JWKS endpoint whose keys can change, counting how often it is asked. */
async function startJwksServer(keys: SigningKey[]) {
  let body: unknown = { keys: keys.map((key) => key.jwk) };
  const state = { fetches: 0 };
  const server = http.createServer((_req, res) => {
    state.fetches++;
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`,
    state,
    publish(next: SigningKey[] | unknown) {
      body = Array.isArray(next) ? { keys: (next as SigningKey[]).map((key) => key.jwk) } : next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let first: SigningKey;
let second: SigningKey;
const clock = { now: 1_000_000 };
const servers: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  first = await signingKey("first");
  second = await signingKey("second");
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close().catch(() => undefined)));
});

async function keySet(keys: SigningKey[], options: { maxAgeMs?: number; cooldownMs?: number } = {}) {
  const server = await startJwksServer(keys);
  servers.push(server);
  return { server, set: new RemoteKeySet(server.url, { maxAgeMs: 60_000, cooldownMs: 10_000, now: () => clock.now, ...options }) };
}

describe("RemoteKeySet", () => {
  it("fetches the keys once for many verifications", async () => {
    const { server, set } = await keySet([first]);
    for (let i = 0; i < 5; i++) await expect(jwtVerify(await sign(first), set.getKey)).resolves.toMatchObject({ payload: { sub: "alice" } });
    expect(server.state.fetches).toBe(1);
  });

  it("looks again once for an unknown kid, then not again until the cooldown has passed", async () => {
    const { server, set } = await keySet([first]);
    await jwtVerify(await sign(first), set.getKey);
    clock.now += 10_000;
    await expect(jwtVerify(await sign(second), set.getKey)).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
    expect(server.state.fetches).toBe(2);
    for (let i = 0; i < 5; i++) await expect(jwtVerify(await sign(second), set.getKey)).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
    expect(server.state.fetches).toBe(2);
  });

  it("picks up a rotated key at the first token that uses it", async () => {
    const { server, set } = await keySet([first]);
    await jwtVerify(await sign(first), set.getKey);
    server.publish([first, second]);
    clock.now += 10_000;
    await expect(jwtVerify(await sign(second), set.getKey)).resolves.toMatchObject({ payload: { sub: "alice" } });
    expect(server.state.fetches).toBe(2);
  });

  it("refreshes in the background once the keys are 80 % of their maximum age, without making the request wait", async () => {
    const { server, set } = await keySet([first], { maxAgeMs: 60_000 });
    await jwtVerify(await sign(first), set.getKey);
    clock.now += 47_000;
    await jwtVerify(await sign(first), set.getKey);
    expect(server.state.fetches).toBe(1);
    clock.now += 2_000;
    server.publish([second]);
    await expect(jwtVerify(await sign(first), set.getKey)).resolves.toBeTruthy();
    await set.refresh();
    expect(server.state.fetches).toBeGreaterThanOrEqual(2);
    await expect(jwtVerify(await sign(second), set.getKey)).resolves.toBeTruthy();
    await expect(jwtVerify(await sign(first), set.getKey)).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
  });

  it("keeps verifying with the cached keys while the endpoint is down, and refuses an unknown kid quickly", async () => {
    const { server, set } = await keySet([first]);
    await jwtVerify(await sign(first), set.getKey);
    await server.close();
    clock.now += 120_000;
    await expect(jwtVerify(await sign(first), set.getKey)).resolves.toMatchObject({ payload: { sub: "alice" } });
    await set.refresh();
    expect(set.error).toMatch(/connection refused$/);
    clock.now += 10_000;
    const started = performance.now();
    await expect(jwtVerify(await sign(second), set.getKey)).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
    expect(performance.now() - started).toBeLessThan(1_000);
    await expect(jwtVerify(await sign(first), set.getKey)).resolves.toBeTruthy();
  });

  it("says why when it never got any keys, and asks again only after a pause", async () => {
    const { server, set } = await keySet([first]);
    server.publish({ issuer: "not a key set" });
    await expect(jwtVerify(await sign(first), set.getKey)).rejects.toThrow(`The signing keys could not be fetched: ${server.url} is not a JSON Web Key Set`);
    server.publish([first]);
    await expect(jwtVerify(await sign(first), set.getKey)).rejects.toThrow("could not be fetched");
    expect(server.state.fetches).toBe(1);
    clock.now += 5_000;
    await expect(jwtVerify(await sign(first), set.getKey)).resolves.toBeTruthy();
    expect(server.state.fetches).toBe(2);
  });

  it("keeps the previous keys when a refresh returns something that is not a key set", async () => {
    const { server, set } = await keySet([first]);
    await jwtVerify(await sign(first), set.getKey);
    server.publish("<html>maintenance</html>");
    await set.refresh();
    expect(set.error).toBe(`${server.url} is not a JSON Web Key Set`);
    await expect(jwtVerify(await sign(first), set.getKey)).resolves.toBeTruthy();
  });
});
