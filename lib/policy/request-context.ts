/**
 * What the engine knows about a request. The gateway builds it once per request; the
 * engine reads it, never the framework's request object (lib/policy stays pure).
 */
export type JsonRpcId = string | number | null;

/** The MCP call a request carries, parsed once from its JSON-RPC body. */
export type McpCall = {
  /** JSON-RPC method, e.g. "tools/call"; null for GET/DELETE or a body without one. */
  method: string | null;
  id: JsonRpcId;
  tool: string | null;
  arguments: Record<string, unknown>;
  resource: string | null;
  prompt: string | null;
  protocolVersion: string | null;
};

export const NO_MCP_CALL: McpCall = Object.freeze({
  method: null,
  id: null,
  tool: null,
  arguments: Object.freeze({}) as Record<string, unknown>,
  resource: null,
  prompt: null,
  protocolVersion: null,
});

export type PolicyRequest = {
  method: string;
  path: string;
  /** A header value by lower-case name. */
  header(name: string): string | undefined;
  /** All headers, lower-case names (for CEL's `request.headers`); built only when needed. */
  headers(): Record<string, string>;
  query: URLSearchParams;
  /** The client address as the gateway determined it (TCP peer or trusted proxy's report). */
  ip: string;
  /** The MCP call; NO_MCP_CALL until the body has been read. */
  mcp: McpCall;
  /** Every call of a JSON-RPC batch (MCP 2025-03-26); null for a single message. */
  batch: McpCall[] | null;
  /**
   * This MCP server as an OAuth protected resource: its canonical URL (the default token
   * audience, RFC 8707) and where its protected resource metadata is served (RFC 9728).
   */
  resource: { url: string; metadataUrl: string };
};

/** Who the caller is, once an authenticator accepted its credential. */
export type Identity = {
  id: string;
  roles: string[];
  /** The kind of the rule that authenticated the caller, and that rule's id. */
  authenticatedBy: string;
  ruleId: string;
  /** A person-readable name (an API key's owner), for logs. */
  name?: string;
  /** Verified token claims, for OAuth2 authenticators. */
  claims?: Record<string, unknown>;
};
