import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchAuthorizationServerMetadata, metadataUrls } from "./authorization-server-metadata";

type UrlCase = { name: string; issuer: string; expected: string[] };

const urlCases: UrlCase[] = [
  {
    name: "an issuer without a path",
    issuer: "https://auth.example.com",
    expected: ["https://auth.example.com/.well-known/openid-configuration", "https://auth.example.com/.well-known/oauth-authorization-server"],
  },
  {
    name: "an issuer without a path, with a trailing slash",
    issuer: "https://auth.example.com/",
    expected: ["https://auth.example.com/.well-known/openid-configuration", "https://auth.example.com/.well-known/oauth-authorization-server"],
  },
  {
    name: "an issuer with a port",
    issuer: "http://127.0.0.1:8080",
    expected: ["http://127.0.0.1:8080/.well-known/openid-configuration", "http://127.0.0.1:8080/.well-known/oauth-authorization-server"],
  },
  {
    name: "an issuer with a path (OpenID Connect appends, RFC 8414 §3.1 inserts)",
    issuer: "https://login.example.com/realms/mcp",
    expected: [
      "https://login.example.com/realms/mcp/.well-known/openid-configuration",
      "https://login.example.com/.well-known/openid-configuration/realms/mcp",
      "https://login.example.com/.well-known/oauth-authorization-server/realms/mcp",
    ],
  },
  {
    name: "an issuer with a path and a trailing slash",
    issuer: "https://login.example.com/tenant/v2.0/",
    expected: [
      "https://login.example.com/tenant/v2.0/.well-known/openid-configuration",
      "https://login.example.com/.well-known/openid-configuration/tenant/v2.0",
      "https://login.example.com/.well-known/oauth-authorization-server/tenant/v2.0",
    ],
  },
];

describe("metadataUrls", () => {
  it.each(urlCases)("lists the metadata URLs of $name", ({ issuer, expected }) => {
    expect(metadataUrls(issuer)).toEqual(expected);
  });
});

describe("fetchAuthorizationServerMetadata", () => {
  let server: http.Server;
  let origin: string;
  const requested: string[] = [];
  /** Documents by path; anything else is a 404. */
  const documents = new Map<string, string>();

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requested.push(req.url ?? "");
      const body = documents.get(req.url ?? "");
      if (body === undefined) res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not_found"}');
      else res.writeHead(200, { "content-type": "application/json" }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const serve = (path: string, document: unknown) => documents.set(path, typeof document === "string" ? document : JSON.stringify(document));
    serve("/.well-known/oauth-authorization-server/inserted", { issuer: `${origin}/inserted`, jwks_uri: `${origin}/inserted/jwks` });
    serve("/appended/.well-known/openid-configuration", { issuer: `${origin}/appended`, jwks_uri: `${origin}/appended/jwks` });
    serve("/impostor/.well-known/openid-configuration", { issuer: "https://login.example.com", jwks_uri: "https://attacker.example/jwks" });
    serve("/.well-known/openid-configuration/impostor", { issuer: `${origin}/impostor/`, jwks_uri: "https://attacker.example/jwks" });
    serve("/garbled/.well-known/openid-configuration", "<html>sign in</html>");
    serve("/listless/.well-known/openid-configuration", ["not", "a", "document"]);
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("finds the metadata where OpenID Connect puts it, asking nowhere else", async () => {
    requested.length = 0;
    expect(await fetchAuthorizationServerMetadata(`${origin}/appended`)).toEqual({ ok: true, metadata: { issuer: `${origin}/appended`, jwks_uri: `${origin}/appended/jwks` } });
    expect(requested).toEqual(["/appended/.well-known/openid-configuration"]);
  });

  it("tries the next URL until one answers, ending with RFC 8414's", async () => {
    requested.length = 0;
    expect(await fetchAuthorizationServerMetadata(`${origin}/inserted`)).toEqual({ ok: true, metadata: { issuer: `${origin}/inserted`, jwks_uri: `${origin}/inserted/jwks` } });
    expect(requested).toEqual(["/inserted/.well-known/openid-configuration", "/.well-known/openid-configuration/inserted", "/.well-known/oauth-authorization-server/inserted"]);
  });

  it("refuses documents naming another issuer, even one that differs by a trailing slash (RFC 8414 §3.3)", async () => {
    const result = await fetchAuthorizationServerMetadata(`${origin}/impostor`);
    expect(result).toEqual({ ok: false, error: expect.stringContaining("names the issuer https://login.example.com, not") });
    expect(result).toEqual({ ok: false, error: expect.stringContaining(`names the issuer ${origin}/impostor/, not ${origin}/impostor`) });
  });

  it.each([
    ["an HTML page", "garbled", "did not answer with JSON"],
    ["a JSON array", "listless", "not an authorization server metadata document"],
  ])("says why %s is not metadata", async (_what, path, problem) => {
    expect(await fetchAuthorizationServerMetadata(`${origin}/${path}`)).toEqual({ ok: false, error: expect.stringContaining(problem) });
  });

  it("reports every URL it tried when none has metadata", async () => {
    const result = await fetchAuthorizationServerMetadata(`${origin}/nowhere`);
    expect(result.ok).toBe(false);
    const error = (result as { error: string }).error;
    expect(error).toMatch(new RegExp(`^No metadata found for ${origin}/nowhere: `));
    for (const url of metadataUrls(`${origin}/nowhere`)) expect(error).toContain(`${url}: HTTP 404`);
  });

  it("says so when the authorization server is down", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await fetchAuthorizationServerMetadata(`http://127.0.0.1:${port}`)).toEqual({ ok: false, error: expect.stringContaining("connection refused") });
  });
});
