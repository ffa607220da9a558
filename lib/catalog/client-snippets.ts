import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import { RULE_CATALOG } from "../policy/rule-catalog";

/**
 * Copy-ready client configurations for one MCP server or API service behind the gateway, each
 * carrying the credential that the attached policy expects. Pure: the server and service pages
 * render them, tests read them.
 */

/** What a client must send so that the policy's first authenticator finds its credential. */
export type ExpectedCredential =
  | { type: "none" }
  /** A header; `prefix` is what precedes the secret in its value ("Bearer " or ""). */
  | { type: "header"; name: string; prefix: string; placeholder: string; secret: "api-key" | "access-token" }
  /** A query parameter (API keys only, when the rule reads no header). */
  | { type: "query"; name: string; placeholder: string };

const API_KEY_PLACEHOLDER = "<your key>";
const ACCESS_TOKEN_PLACEHOLDER = "<access token>";

type RuleLike = { kind: string; enabled: boolean; config: Record<string, unknown> };

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string" && item !== "") : []);

/**
 * The credential for the first enabled authenticator in list order: authenticators are tried
 * in that order (README, Concepts), so the first one is the one a client should satisfy.
 */
export function expectedCredential(rules: RuleLike[]): ExpectedCredential {
  const authenticator = rules.find((rule) => rule.enabled && RULE_CATALOG.find((entry) => entry.kind === rule.kind)?.phase === "authenticate");
  switch (authenticator?.kind) {
    case "api-key-authenticator": {
      const [header] = strings(authenticator.config.headerNames);
      if (header) return { type: "header", name: header, prefix: "", placeholder: API_KEY_PLACEHOLDER, secret: "api-key" };
      if (authenticator.config.acceptBearer !== false) {
        return { type: "header", name: "Authorization", prefix: "Bearer ", placeholder: API_KEY_PLACEHOLDER, secret: "api-key" };
      }
      const [parameter] = strings(authenticator.config.queryParameters);
      return parameter ? { type: "query", name: parameter, placeholder: API_KEY_PLACEHOLDER } : { type: "none" };
    }
    case "mcp-oauth2-client-credentials":
    case "mcp-oauth2-jwt-validator":
      return { type: "header", name: "Authorization", prefix: "Bearer ", placeholder: ACCESS_TOKEN_PLACEHOLDER, secret: "access-token" };
    default:
      return { type: "none" };
  }
}

export type ClientSnippet = {
  id: "inspector" | "claude-desktop" | "vscode" | "curl";
  label: string;
  /** Where the snippet goes, when it is a file. */
  file: string | null;
  language: "shell" | "json";
  /** One sentence on what to do with it. */
  hint: string;
  code: string;
};

/** Quotes a shell word only when it needs it (POSIX single quotes). */
function shellWord(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'"'"'`)}'`;
}

/** The URL a client connects to: a query-parameter credential is part of it. */
function clientUrl(gatewayUrl: string, credential: ExpectedCredential): string {
  if (credential.type !== "query") return gatewayUrl;
  return `${gatewayUrl}${gatewayUrl.includes("?") ? "&" : "?"}${encodeURIComponent(credential.name)}=${credential.placeholder}`;
}

/**
 * The Inspector CLI replaces any URL path that does not end in /mcp by /mcp, so it is given
 * the gateway's /mcp/<slug>/mcp alias of the server.
 */
function inspectorSnippet(url: string, credential: ExpectedCredential): string {
  const [base, query] = url.split("?") as [string, string | undefined];
  const inspectorUrl = `${base.replace(/\/$/, "")}/mcp${query === undefined ? "" : `?${query}`}`;
  const lines = [`npx @modelcontextprotocol/inspector --cli ${shellWord(inspectorUrl)} --transport http --method tools/list`];
  if (credential.type === "header") lines.push(`--header "${credential.name}: ${credential.prefix}${credential.placeholder}"`);
  return lines.join(" \\\n  ");
}

/**
 * Claude Desktop speaks stdio to local servers; mcp-remote bridges it to Streamable HTTP. The
 * secret sits in `env` and mcp-remote substitutes it into the header. An Authorization value
 * goes whole into the variable because Claude Desktop on Windows splits arguments at spaces
 * (mcp-remote's README, "Custom Headers").
 */
function claudeDesktopSnippet(slug: string, url: string, credential: ExpectedCredential): string {
  const args = ["mcp-remote", url];
  const server: Record<string, unknown> = { command: "npx", args };
  if (credential.type === "header") {
    const variable = credential.prefix ? "GATEHOUSE_AUTHORIZATION" : "GATEHOUSE_KEY";
    args.push("--header", `${credential.name}:\${${variable}}`);
    server.env = { [variable]: `${credential.prefix}${credential.placeholder}` };
  }
  return JSON.stringify({ mcpServers: { [slug]: server } }, null, 2);
}

/** VS Code asks for the secret once (a password prompt) and keeps it in its secret storage. */
function vscodeSnippet(slug: string, url: string, credential: ExpectedCredential): string {
  const server: Record<string, unknown> = { type: "http", url };
  const config: Record<string, unknown> = { servers: { [slug]: server } };
  if (credential.type === "header") {
    const input = credential.secret === "api-key" ? "gatehouse-key" : "gatehouse-token";
    server.headers = { [credential.name]: `${credential.prefix}\${input:${input}}` };
    config.inputs = [
      {
        type: "promptString",
        id: input,
        description: credential.secret === "api-key" ? `Gatehouse API key for ${slug}` : `OAuth2 access token for ${slug}`,
        password: true,
      },
    ];
  }
  return JSON.stringify(config, null, 2);
}

/** The first message of every MCP session (MCP specification, Lifecycle: Initialization). */
function curlSnippet(url: string, credential: ExpectedCredential): string {
  const initialize = {
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: "curl", version: "1.0.0" } },
  };
  const lines = [
    `curl -i -X POST ${shellWord(url)}`,
    `-H "Content-Type: application/json"`,
    `-H "Accept: application/json, text/event-stream"`,
  ];
  if (credential.type === "header") lines.push(`-H "${credential.name}: ${credential.prefix}${credential.placeholder}"`);
  lines.push(`-d ${shellWord(JSON.stringify(initialize))}`);
  return lines.join(" \\\n  ");
}

export function clientSnippets({ slug, gatewayUrl, credential }: { slug: string; gatewayUrl: string; credential: ExpectedCredential }): ClientSnippet[] {
  const url = clientUrl(gatewayUrl, credential);
  return [
    {
      id: "inspector",
      label: "MCP Inspector",
      file: null,
      language: "shell",
      hint: "Lists the server's tools from a terminal, through the gateway.",
      code: inspectorSnippet(url, credential),
    },
    {
      id: "claude-desktop",
      label: "Claude Desktop",
      file: "claude_desktop_config.json",
      language: "json",
      hint: "Add the entry under mcpServers in claude_desktop_config.json and restart Claude Desktop; mcp-remote bridges it to the gateway.",
      code: claudeDesktopSnippet(slug, url, credential),
    },
    {
      id: "vscode",
      label: "VS Code",
      file: ".vscode/mcp.json",
      language: "json",
      hint:
        credential.type === "header"
          ? "Save as .vscode/mcp.json in your workspace; VS Code asks for the secret once and stores it securely."
          : "Save as .vscode/mcp.json in your workspace.",
      code: vscodeSnippet(slug, url, credential),
    },
    {
      id: "curl",
      label: "curl",
      file: null,
      language: "shell",
      hint: "Sends the initialize request by hand; the answer names the server and its session.",
      code: curlSnippet(url, credential),
    },
  ];
}

/**
 * An API service's snippet: a GET of its root through the gateway, with the credential. The
 * API's own paths are appended to the gateway URL.
 */
export function apiServiceSnippets({ gatewayUrl, credential }: { gatewayUrl: string; credential: ExpectedCredential }): ClientSnippet[] {
  const lines = [`curl -i ${shellWord(clientUrl(gatewayUrl, credential))}`];
  if (credential.type === "header") lines.push(`-H "${credential.name}: ${credential.prefix}${credential.placeholder}"`);
  return [
    {
      id: "curl",
      label: "curl",
      file: null,
      language: "shell",
      hint: "Calls the service's root through the gateway; append the API's own path (and query) to the URL.",
      code: lines.join(" \\\n  "),
    },
  ];
}
