import { describe, expect, it } from "vitest";
import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import { clientSnippets, expectedCredential, type ClientSnippet, type ExpectedCredential } from "./client-snippets";

const URL = "https://gatehouse.example.com/mcp/billing";

const apiKey = (config: Record<string, unknown> = {}, enabled = true) => ({
  kind: "api-key-authenticator",
  enabled,
  config: { keys: [], headerNames: ["X-API-Key"], acceptBearer: true, queryParameters: [], ...config },
});
const rule = (kind: string, enabled = true) => ({ kind, enabled, config: {} });

type CredentialCase = { name: string; rules: { kind: string; enabled: boolean; config: Record<string, unknown> }[]; expected: ExpectedCredential };

const credentialCases: CredentialCase[] = [
  { name: "no rules at all", rules: [], expected: { type: "none" } },
  { name: "the Anonymous Authenticator", rules: [rule("anonymous-authenticator"), rule("authorize-by-role")], expected: { type: "none" } },
  {
    name: "an API Key Authenticator with the default header",
    rules: [apiKey()],
    expected: { type: "header", name: "X-API-Key", prefix: "", placeholder: "<your key>", secret: "api-key" },
  },
  {
    name: "an API Key Authenticator's first header name",
    rules: [apiKey({ headerNames: ["X-Gatehouse-Key", "X-Other"] })],
    expected: { type: "header", name: "X-Gatehouse-Key", prefix: "", placeholder: "<your key>", secret: "api-key" },
  },
  {
    name: "an API Key Authenticator with no header names that accepts bearer",
    rules: [apiKey({ headerNames: [] })],
    expected: { type: "header", name: "Authorization", prefix: "Bearer ", placeholder: "<your key>", secret: "api-key" },
  },
  {
    name: "an API Key Authenticator that reads only a query parameter",
    rules: [apiKey({ headerNames: [], acceptBearer: false, queryParameters: ["api_key"] })],
    expected: { type: "query", name: "api_key", placeholder: "<your key>" },
  },
  {
    name: "the OAuth2 client credentials rule",
    rules: [rule("mcp-oauth2-client-credentials"), rule("authorize-by-role")],
    expected: { type: "header", name: "Authorization", prefix: "Bearer ", placeholder: "<access token>", secret: "access-token" },
  },
  {
    name: "the OAuth2 JWT validator",
    rules: [rule("mcp-oauth2-jwt-validator")],
    expected: { type: "header", name: "Authorization", prefix: "Bearer ", placeholder: "<access token>", secret: "access-token" },
  },
  {
    name: "the first authenticator in list order, after rules of other phases",
    rules: [rule("ip-restriction"), apiKey(), rule("mcp-oauth2-jwt-validator")],
    expected: { type: "header", name: "X-API-Key", prefix: "", placeholder: "<your key>", secret: "api-key" },
  },
  {
    name: "the first enabled authenticator, skipping a disabled one",
    rules: [apiKey({}, false), rule("mcp-oauth2-jwt-validator")],
    expected: { type: "header", name: "Authorization", prefix: "Bearer ", placeholder: "<access token>", secret: "access-token" },
  },
];

describe("expectedCredential", () => {
  it.each(credentialCases)("$name", ({ rules, expected }) => {
    expect(expectedCredential(rules)).toEqual(expected);
  });
});

function snippetsFor(credential: ExpectedCredential): Record<ClientSnippet["id"], ClientSnippet> {
  const snippets = clientSnippets({ slug: "billing", gatewayUrl: URL, credential });
  expect(snippets.map((snippet) => snippet.id)).toEqual(["inspector", "claude-desktop", "vscode", "curl"]);
  return Object.fromEntries(snippets.map((snippet) => [snippet.id, snippet])) as Record<ClientSnippet["id"], ClientSnippet>;
}

const X_API_KEY = expectedCredential([apiKey()]);
const BEARER_KEY = expectedCredential([apiKey({ headerNames: [] })]);
const ACCESS_TOKEN = expectedCredential([rule("mcp-oauth2-jwt-validator")]);
const NONE = expectedCredential([rule("anonymous-authenticator")]);
const QUERY = expectedCredential([apiKey({ headerNames: [], acceptBearer: false, queryParameters: ["api_key"] })]);

describe("clientSnippets: MCP Inspector CLI", () => {
  it("lists the tools over Streamable HTTP with the API key header", () => {
    expect(snippetsFor(X_API_KEY).inspector.code).toBe(
      `npx @modelcontextprotocol/inspector --cli ${URL}/mcp --transport http --method tools/list \\\n  --header "X-API-Key: <your key>"`,
    );
  });

  it("sends a bearer access token for the OAuth2 rules", () => {
    expect(snippetsFor(ACCESS_TOKEN).inspector.code).toContain(`--header "Authorization: Bearer <access token>"`);
  });

  it("sends no header for Anonymous", () => {
    expect(snippetsFor(NONE).inspector.code).toBe(`npx @modelcontextprotocol/inspector --cli ${URL}/mcp --transport http --method tools/list`);
  });

  it("quotes a URL that carries a query-parameter key", () => {
    expect(snippetsFor(QUERY).inspector.code).toBe(`npx @modelcontextprotocol/inspector --cli '${URL}/mcp?api_key=<your key>' --transport http --method tools/list`);
  });
});

describe("clientSnippets: Claude Desktop through mcp-remote", () => {
  it("puts the key in env and the header in the arguments", () => {
    const snippet = snippetsFor(X_API_KEY)["claude-desktop"];
    expect(snippet.file).toBe("claude_desktop_config.json");
    expect(JSON.parse(snippet.code)).toEqual({
      mcpServers: {
        billing: {
          command: "npx",
          args: ["mcp-remote", URL, "--header", "X-API-Key:${GATEHOUSE_KEY}"],
          env: { GATEHOUSE_KEY: "<your key>" },
        },
      },
    });
  });

  it("keeps the whole Authorization value in env, so no argument contains a space", () => {
    const config = JSON.parse(snippetsFor(BEARER_KEY)["claude-desktop"].code);
    expect(config.mcpServers.billing.args).toEqual(["mcp-remote", URL, "--header", "Authorization:${GATEHOUSE_AUTHORIZATION}"]);
    expect(config.mcpServers.billing.env).toEqual({ GATEHOUSE_AUTHORIZATION: "Bearer <your key>" });
    expect(config.mcpServers.billing.args.some((arg: string) => arg.includes(" "))).toBe(false);
  });

  it("has neither header nor env for Anonymous", () => {
    expect(JSON.parse(snippetsFor(NONE)["claude-desktop"].code)).toEqual({ mcpServers: { billing: { command: "npx", args: ["mcp-remote", URL] } } });
  });
});

describe("clientSnippets: VS Code .vscode/mcp.json", () => {
  it("prompts for the key as a password input and sends it in the header", () => {
    const snippet = snippetsFor(X_API_KEY).vscode;
    expect(snippet.file).toBe(".vscode/mcp.json");
    expect(JSON.parse(snippet.code)).toEqual({
      servers: { billing: { type: "http", url: URL, headers: { "X-API-Key": "${input:gatehouse-key}" } } },
      inputs: [{ type: "promptString", id: "gatehouse-key", description: "Gatehouse API key for billing", password: true }],
    });
  });

  it("prefixes Bearer for an access token", () => {
    const config = JSON.parse(snippetsFor(ACCESS_TOKEN).vscode.code);
    expect(config.servers.billing.headers).toEqual({ Authorization: "Bearer ${input:gatehouse-token}" });
    expect(config.inputs).toEqual([{ type: "promptString", id: "gatehouse-token", description: "OAuth2 access token for billing", password: true }]);
  });

  it("has no headers and no inputs for Anonymous", () => {
    expect(JSON.parse(snippetsFor(NONE).vscode.code)).toEqual({ servers: { billing: { type: "http", url: URL } } });
  });
});

describe("clientSnippets: curl", () => {
  it("POSTs initialize with both accepted content types and the credential header", () => {
    const code = snippetsFor(X_API_KEY).curl.code;
    expect(code.split(" \\\n  ")).toEqual([
      `curl -i -X POST ${URL}`,
      `-H "Content-Type: application/json"`,
      `-H "Accept: application/json, text/event-stream"`,
      `-H "X-API-Key: <your key>"`,
      expect.stringMatching(/^-d '\{.*\}'$/),
    ]);
    const body = JSON.parse(code.split("-d '")[1]!.slice(0, -1));
    expect(body).toEqual({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: "curl", version: "1.0.0" } },
    });
  });

  it("sends Authorization: Bearer for an access token, and nothing for Anonymous", () => {
    expect(snippetsFor(ACCESS_TOKEN).curl.code).toContain(`-H "Authorization: Bearer <access token>"`);
    expect(snippetsFor(NONE).curl.code).not.toMatch(/X-API-Key|Authorization/);
  });
});
