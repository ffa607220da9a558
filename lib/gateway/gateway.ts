import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";
import { Readable } from "node:stream";
import { errors as undiciErrors, request as undiciRequest, type Dispatcher } from "undici";
import { deny, type Denial } from "../policy/denials";
import { canCallTool, evaluateAfterBody, evaluateBeforeBody, type UpstreamInstructions } from "../policy/evaluate";
import { EvaluationState } from "../policy/evaluation-state";
import { parseIp } from "../policy/ip-range";
import { NO_MCP_CALL, type JsonRpcId, type PolicyRequest } from "../policy/request-context";
import { downstreamHeaders, headerValue, upstreamHeaders } from "./http-headers";
import { checkMcpHeaders, denialResponse, parseJsonRpcBody } from "./jsonrpc";
import type { CancellationSignal } from "./client-signal";
import { checkDeclaredLength, readBody } from "./request-body";
import type { RequestLog } from "./request-log";
import type { GatewayRoute, RouteTable } from "./route-table";
import { SseStream } from "./sse-stream";
import { filterToolsList } from "./tools-filter";

/** A request as the gateway core sees it, whatever served it (node:http or a Next route handler). */
export type GatewayRequest = {
  method: string;
  /** Path and query as received, e.g. /mcp/weather?x=1. */
  url: string;
  headers: IncomingHttpHeaders;
  /** The client address, already resolved against trusted proxies (client-address.ts). */
  clientAddress: string;
  /** How the client reached the gateway (TLS, or a trusted proxy's word for it). */
  protocol: "http" | "https";
  /** Where the gateway says it lives, for the URLs it publishes (self-origin.ts). */
  selfOrigin: string;
  /** The Origin of the gateway's own pages, when it can be known safely (self-origin.ts); may be null without an Origin header. */
  ownOrigin: string | null;
  body: Readable | null;
  /** Aborted when the client goes away: the upstream request is cancelled with it. */
  signal: CancellationSignal;
};

export type GatewayResponse = {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer | Readable | null;
  /** Set when the request body was not read to its end: the connection must not be reused. */
  closeConnection?: boolean;
};

export type GatewayOptions = {
  routes: RouteTable;
  dispatcher: Dispatcher;
  log: RequestLog;
  /** Comment lines on idle event streams, in milliseconds (0: none). */
  sseKeepAliveMs: number;
  /** The body limit when a policy sets none. */
  defaultMaxBodyBytes: number;
};

const ALLOWED_METHODS = "GET, POST, DELETE, OPTIONS";
/** A refused body up to this size is drained so the connection can be reused. */
const DRAIN_LIMIT_BYTES = 1024 * 1024;
/** tools/list responses are read whole to be filtered; one larger than this is refused. */
const MAX_FILTERED_RESPONSE_BYTES = 32 * 1024 * 1024;

function refuse(denial: Denial, id: JsonRpcId = null, headers: Record<string, string> = {}): GatewayResponse {
  const response = denialResponse(denial, id, headers);
  return { status: response.status, headers: response.headers, body: response.body };
}

function policyRequest(request: GatewayRequest, path: string, query: URLSearchParams): PolicyRequest {
  let all: Record<string, string> | undefined;
  const resourceUrl = `${request.selfOrigin}${path.replace(/\/$/, "")}`;
  return {
    method: request.method,
    path,
    header: (name) => headerValue(request.headers, name),
    headers: () => {
      all ??= Object.fromEntries(Object.keys(request.headers).map((name) => [name, headerValue(request.headers, name) ?? ""]));
      return all;
    },
    query,
    ip: request.clientAddress,
    mcp: NO_MCP_CALL,
    batch: null,
    // RFC 9728 §3.1: the metadata URL inserts the well-known segment before the resource's path.
    resource: { url: resourceUrl, metadataUrl: `${request.selfOrigin}/.well-known/oauth-protected-resource${path.replace(/\/$/, "")}` },
  };
}

/**
 * The gateway core: finds the server of `/mcp/<slug>`, enforces its policy phase by phase
 * and proxies MCP Streamable HTTP to the upstream, streaming both ways. Framework-free: the
 * production entry calls it from node:http, the Next route handler from a Request.
 */
export class Gateway {
  constructor(private readonly options: GatewayOptions) {}

  async handle(request: GatewayRequest): Promise<GatewayResponse> {
    const started = performance.now();
    const questionMark = request.url.indexOf("?");
    const path = questionMark === -1 ? request.url : request.url.slice(0, questionMark);
    const query = new URLSearchParams(questionMark === -1 ? "" : request.url.slice(questionMark + 1));
    const metadata = /^\/\.well-known\/oauth-protected-resource(\/mcp\/[^/]+)\/?$/.exec(path);
    if (metadata) return this.protectedResourceMetadata(request, metadata[1]!, started);
    // /mcp/<slug>/mcp is accepted too: the MCP Inspector CLI replaces any path that does not
    // end in /mcp by /mcp, so it can only reach a server at such a URL.
    const match = /^\/mcp\/([^/]+)(?:\/mcp)?\/?$/.exec(path);
    const slug = match ? safeDecode(match[1]!) : null;
    const found = slug === null ? undefined : this.options.routes.lookup(slug);
    // Synchronous unless a catalog change is being loaded: an await costs on every request.
    const route = found instanceof Promise ? await found : found;

    const finish = (response: GatewayResponse, details: Parameters<RequestLog>[0]["details"] = {}) => {
      this.options.log({ request, route, status: response.status, latencyMs: performance.now() - started, details });
      return response;
    };

    if (!route) return finish(refuse(deny("server_not_found", `No MCP server is registered at ${path}`)));
    if (!route.server.enabled) return finish(refuse(deny("server_disabled", `The MCP server ${route.server.name} is disabled`)));
    if (!route.policy) return finish(refuse(deny("server_disabled", `The MCP server ${route.server.name} cannot serve: ${route.problem}`)));
    const policy = route.policy;

    if (!["GET", "POST", "DELETE", "OPTIONS"].includes(request.method)) {
      return finish(refuse(deny("method_not_allowed", `${request.method} is not an MCP Streamable HTTP method`, { allow: ALLOWED_METHODS })));
    }

    const state = new EvaluationState(policyRequest(request, `/mcp/${match![1]}`, query));
    const origin = headerValue(request.headers, "origin") ?? null;
    const preflightMethod = request.method === "OPTIONS" ? headerValue(request.headers, "access-control-request-method") : undefined;
    const before = evaluateBeforeBody(policy, state, {
      origin,
      ownOrigin: request.ownOrigin,
      preflight:
        origin && preflightMethod
          ? { method: preflightMethod, headers: (headerValue(request.headers, "access-control-request-headers") ?? "").split(",").map((h) => h.trim()).filter(Boolean) }
          : null,
      ip: () => parseIp(request.clientAddress),
    });
    if (before.kind === "preflight") return finish({ status: 204, headers: before.headers, body: null }, { state, decision: "preflight" });
    if (before.kind === "deny") return finish(refuse(before.denial), { state, decision: "denied" });
    if (request.method === "OPTIONS") return finish({ status: 204, headers: { allow: ALLOWED_METHODS, ...before.responseHeaders }, body: null }, { state });

    let body: Buffer | null = null;
    if (request.method === "POST") {
      const limit = Math.min(before.maxBodyBytes ?? this.options.defaultMaxBodyBytes, this.options.defaultMaxBodyBytes);
      const declared = checkDeclaredLength(headerValue(request.headers, "content-length"), limit);
      // A small unread body is drained by node:http and the connection kept; a large one is not
      // worth reading, so the connection is closed after the answer.
      if (declared) return finish({ ...refuse(declared, null, before.responseHeaders), closeConnection: !(Number(headerValue(request.headers, "content-length")) <= DRAIN_LIMIT_BYTES) }, { state, decision: "denied" });
      const read = request.body ? await readBody(request.body, limit) : ({ ok: true, body: Buffer.alloc(0) } as const);
      if (!read.ok) return finish({ ...refuse(read.denial, null, before.responseHeaders), closeConnection: true }, { state, decision: "denied" });
      body = read.body;
      const parsed = parseJsonRpcBody(body);
      if (!parsed.ok) return finish(refuse(parsed.denial, parsed.id, before.responseHeaders), { state, decision: "denied" });
      state.request.mcp = parsed.call;
      state.request.batch = parsed.batch;
      const mismatch = checkMcpHeaders(parsed.call, headerValue(request.headers, "mcp-method"), headerValue(request.headers, "mcp-name"));
      if (mismatch) return finish(refuse(mismatch, parsed.call.id, before.responseHeaders), { state, decision: "denied" });
    }

    const decision = await evaluateAfterBody(policy, state, before.responseHeaders);
    if (!decision.allow) return finish(refuse(decision.denial, state.request.mcp.id, decision.responseHeaders), { state, decision: "denied" });

    return finish(await this.proxy(request, route, state, query, body, decision.responseHeaders, decision.upstream), { state, decision: "allowed" });
  }

  /**
   * OAuth 2.0 Protected Resource Metadata (RFC 9728) of a server whose policy has an OAuth2
   * rule: MCP clients read it to find the authorization server (MCP authorization spec).
   * Public information, so any origin may read it.
   */
  private async protectedResourceMetadata(request: GatewayRequest, resourcePath: string, started: number): Promise<GatewayResponse> {
    const slug = safeDecode(resourcePath.slice("/mcp/".length));
    const found = slug === null ? undefined : this.options.routes.lookup(slug);
    // Synchronous unless a catalog change is being loaded: an await costs on every request.
    const route = found instanceof Promise ? await found : found;
    const cors = { "access-control-allow-origin": "*", "access-control-allow-methods": "GET, OPTIONS", "access-control-allow-headers": "mcp-protocol-version" };
    let response: GatewayResponse;
    if (!route?.server.enabled || !route.policy?.oauth) {
      const body = Buffer.from(JSON.stringify({ error: "not_found", error_description: `No OAuth-protected MCP server at ${resourcePath}` }));
      response = { status: 404, headers: { ...cors, "content-type": "application/json", "content-length": String(body.length) }, body };
    } else if (request.method === "OPTIONS") {
      response = { status: 204, headers: { ...cors, "access-control-max-age": "86400" }, body: null };
    } else {
      const body = Buffer.from(
        JSON.stringify({
          resource: `${request.selfOrigin}${resourcePath}`,
          authorization_servers: route.policy.oauth.authorizationServers,
          scopes_supported: route.policy.oauth.scopes,
          bearer_methods_supported: ["header"],
          resource_name: route.server.name,
        }),
      );
      response = { status: 200, headers: { ...cors, "content-type": "application/json", "content-length": String(body.length), "cache-control": "max-age=300" }, body };
    }
    this.options.log({ request, route, status: response.status, latencyMs: performance.now() - started, details: {} });
    return response;
  }

  private async proxy(
    request: GatewayRequest,
    route: GatewayRoute,
    state: EvaluationState,
    query: URLSearchParams,
    body: Buffer | null,
    policyHeaders: Record<string, string>,
    instructions: UpstreamInstructions,
  ): Promise<GatewayResponse> {
    const policy = route.policy!;
    const strip = instructions.keepAuthorization ? route.stripHeaders.keepingAuthorization : route.stripHeaders.all;
    let target = route.server.upstreamHref;
    if (query.size > 0) {
      for (const name of policy.credentialQueryParameters) query.delete(name);
      if (query.size > 0) {
        const url = new URL(route.server.upstreamUrl);
        for (const [name, value] of query) url.searchParams.append(name, value);
        target = url.href;
      }
    }

    let upstream: Dispatcher.ResponseData;
    try {
      upstream = await undiciRequest(target, {
        method: request.method as Dispatcher.HttpMethod,
        headers: upstreamHeaders(request.headers, {
          strip,
          set: instructions.setHeaders,
          clientAddress: request.clientAddress,
          protocol: request.protocol,
          host: headerValue(request.headers, "host"),
          contentLength: body ? body.length : null,
        }),
        body,
        dispatcher: this.options.dispatcher,
        signal: request.signal,
        headersTimeout: route.server.timeoutMs,
        // A stream may rightly stay silent for long (a standalone GET stream, a slow tool).
        bodyTimeout: 0,
      });
    } catch (error) {
      return upstreamFailure(error, route, state.request.mcp.id, policyHeaders);
    }

    const contentType = headerValue(upstream.headers, "content-type") ?? "";
    const isEventStream = contentType.startsWith("text/event-stream");
    const toolsListIds = new Set((state.request.batch ?? [state.request.mcp]).filter((call) => call.method === "tools/list").map((call) => call.id));
    const filter = upstream.statusCode === 200 && toolsListIds.size > 0 && policy.authorizers.length > 0 && state.identity;
    const visible = (tool: string) => canCallTool(policy, state, state.identity!, tool);

    const headers = downstreamHeaders(upstream.headers, { dropContentLength: !!filter || isEventStream });
    Object.assign(headers, policyHeaders);

    if (isEventStream) {
      // Event by event: no buffering here, and none by a reverse proxy in front (nginx honours this header).
      headers["x-accel-buffering"] = "no";
      headers["cache-control"] = "no-cache";
      const stream = new SseStream({
        keepAliveMs: this.options.sseKeepAliveMs,
        rewrite: filter ? (data) => filterToolsList(data, toolsListIds, visible) : undefined,
      });
      upstream.body.on("error", (error) => stream.destroy(error));
      return { status: upstream.statusCode, headers, body: upstream.body.pipe(stream) };
    }
    if (filter && contentType.startsWith("application/json")) {
      const text = await readAll(upstream.body, MAX_FILTERED_RESPONSE_BYTES);
      if (text === null) return refuse(deny("upstream_unavailable", "The upstream's tools/list response is too large"), state.request.mcp.id, policyHeaders);
      const filtered = Buffer.from(filterToolsList(text, toolsListIds, visible));
      headers["content-length"] = String(filtered.length);
      return { status: upstream.statusCode, headers, body: filtered };
    }
    return { status: upstream.statusCode, headers, body: upstream.body };
  }
}

function upstreamFailure(error: unknown, route: GatewayRoute, id: JsonRpcId, headers: Record<string, string>): GatewayResponse {
  if (error instanceof undiciErrors.HeadersTimeoutError) {
    return refuse(deny("upstream_timeout", `The MCP server did not answer within ${route.server.timeoutMs / 1000} s`), id, headers);
  }
  if (error instanceof undiciErrors.RequestAbortedError || (error as { name?: string })?.name === "AbortError") {
    // The client went away; nobody is left to read an answer.
    return { status: 499, headers: {}, body: null };
  }
  return refuse(deny("upstream_unavailable", `The MCP server is not reachable (${describeNetworkError(error)})`), id, headers);
}

function describeNetworkError(error: unknown): string {
  const code = (error as { code?: string; cause?: { code?: string } })?.code ?? (error as { cause?: { code?: string } })?.cause?.code;
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return "connection reset";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "host not found";
  return code ?? "network error";
}

async function readAll(stream: Readable, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      stream.destroy();
      return null;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size).toString("utf8");
}

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
