import type { IncomingHttpHeaders } from "node:http";
import { Readable } from "node:stream";
import { request as undiciRequest, type Dispatcher } from "undici";
import { deny, type Denial } from "../policy/denials";
import { canCallTool, evaluateAfterBody, type UpstreamInstructions } from "../policy/evaluate";
import { EvaluationState } from "../policy/evaluation-state";
import type { JsonRpcId } from "../policy/request-context";
import { jsonRpcDenialResponse } from "./denial-response";
import { safeDecode, splitUrl, type GatewayCore, type GatewayRequest, type GatewayResponse } from "./gateway-request";
import { downstreamHeaders, headerValue, upstreamHeaders } from "./http-headers";
import { checkMcpHeaders, parseJsonRpcBody } from "./jsonrpc";
import { evaluateRequestBeforeBody, policyRequest } from "./policy-request";
import { protectedResourceMetadata } from "./protected-resource-metadata";
import { checkDeclaredLength, readBody, unreadBodyClosesConnection } from "./request-body";
import type { RequestLog } from "./request-log";
import type { GatewayRoute, RouteTable } from "./route-table";
import { SseStream } from "./sse-stream";
import { filterToolsList } from "./tools-filter";
import { exchange } from "./upstream-exchange";
import { upstreamFailure } from "./upstream-errors";

export type { GatewayRequest, GatewayResponse } from "./gateway-request";

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
/** tools/list responses are read whole to be filtered; one larger than this is refused. */
const MAX_FILTERED_RESPONSE_BYTES = 32 * 1024 * 1024;

function refuse(denial: Denial, id: JsonRpcId = null, headers: Record<string, string> = {}): GatewayResponse {
  const response = jsonRpcDenialResponse(denial, id, headers);
  return { status: response.status, headers: response.headers, body: response.body };
}

/**
 * The gateway core: finds the server of `/mcp/<slug>`, enforces its policy phase by phase
 * and proxies MCP Streamable HTTP to the upstream, streaming both ways. Framework-free: the
 * production entry calls it from node:http, the Next route handler from a Request.
 */
export class Gateway implements GatewayCore {
  constructor(private readonly options: GatewayOptions) {}

  internalError(): GatewayResponse {
    return refuse(deny("internal_error", "Internal error"));
  }

  async handle(request: GatewayRequest): Promise<GatewayResponse> {
    const started = performance.now();
    const { path, query } = splitUrl(request.url);
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
      this.options.log({ gateway: "mcp", request, route, status: response.status, latencyMs: performance.now() - started, details });
      return response;
    };

    if (!route) return finish(refuse(deny("server_not_found", `No MCP server is registered at ${path}`)));
    if (!route.target.enabled) return finish(refuse(deny("server_disabled", `The MCP server ${route.target.name} is disabled`)));
    if (!route.policy) return finish(refuse(deny("server_disabled", `The MCP server ${route.target.name} cannot serve: ${route.problem}`)));
    const policy = route.policy;

    if (!["GET", "POST", "DELETE", "OPTIONS"].includes(request.method)) {
      return finish(refuse(deny("method_not_allowed", `${request.method} is not an MCP Streamable HTTP method`, { allow: ALLOWED_METHODS })));
    }

    const resourcePath = `/mcp/${match![1]}`;
    const state = new EvaluationState(policyRequest(request, { path: resourcePath, query, resourcePath }));
    const before = evaluateRequestBeforeBody(policy, state, request);
    if (before.kind === "preflight") return finish({ status: 204, headers: before.headers, body: null }, { state, decision: "preflight" });
    if (before.kind === "deny") return finish(refuse(before.denial), { state, decision: "denied" });
    if (request.method === "OPTIONS") return finish({ status: 204, headers: { allow: ALLOWED_METHODS, ...before.responseHeaders }, body: null }, { state });

    let body: Buffer | null = null;
    if (request.method === "POST") {
      const limit = Math.min(before.maxBodyBytes ?? this.options.defaultMaxBodyBytes, this.options.defaultMaxBodyBytes);
      const declared = checkDeclaredLength(headerValue(request.headers, "content-length"), limit);
      // A small unread body is drained by node:http and the connection kept; a large one is not
      // worth reading, so the connection is closed after the answer.
      if (declared) return finish({ ...refuse(declared, null, before.responseHeaders), closeConnection: unreadBodyClosesConnection(request.headers) }, { state, decision: "denied" });
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

  /** RFC 9728 metadata of a server whose policy has an OAuth2 rule (protected-resource-metadata.ts). */
  private async protectedResourceMetadata(request: GatewayRequest, resourcePath: string, started: number): Promise<GatewayResponse> {
    const slug = safeDecode(resourcePath.slice("/mcp/".length));
    const found = slug === null ? undefined : this.options.routes.lookup(slug);
    // Synchronous unless a catalog change is being loaded: an await costs on every request.
    const route = found instanceof Promise ? await found : found;
    const response = protectedResourceMetadata(request, resourcePath, route, "MCP server");
    this.options.log({ gateway: "mcp", request, route, status: response.status, latencyMs: performance.now() - started, details: {} });
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
    const { transforms } = instructions;
    const strip = instructions.keepAuthorization ? route.stripHeaders.keepingAuthorization : route.stripHeaders.all;
    let target = route.target.upstreamHref;
    let search = route.target.upstreamUrl.search;
    if (query.size > 0) {
      for (const name of policy.credentialQueryParameters) query.delete(name);
      if (query.size > 0) {
        const url = new URL(route.target.upstreamUrl);
        for (const [name, value] of query) url.searchParams.append(name, value);
        target = url.href;
        search = url.search;
      }
    }

    const options = {
      method: request.method as Dispatcher.HttpMethod,
      headers: upstreamHeaders(request.headers, {
        strip,
        set: instructions.setHeaders,
        clientAddress: request.clientAddress,
        protocol: request.protocol,
        host: headerValue(request.headers, "host"),
        contentLength: body ? body.length : null,
        transforms: transforms.requestHeaders.length > 0 ? transforms.requestHeaders : undefined,
      }),
      body,
      dispatcher: this.options.dispatcher,
      signal: request.signal,
      headersTimeout: route.target.timeoutMs,
      // A stream may rightly stay silent for long (a standalone GET stream, a slow tool).
      bodyTimeout: 0,
    };
    let upstream: Dispatcher.ResponseData<unknown>;
    if (!transforms.credential) {
      try {
        upstream = await undiciRequest(target, options);
      } catch (error) {
        return this.upstreamFailure(error, route, state.request.mcp.id, policyHeaders);
      }
    } else {
      // The MCP message was read whole, so it can be sent again after a renewed credential.
      const outcome = await exchange(
        this.options.dispatcher,
        { ...options, origin: route.target.upstreamUrl.origin, path: `${route.target.upstreamUrl.pathname}${search}` },
        { credential: transforms.credential.evaluator, retry: null, replayable: true },
      );
      if (outcome.kind === "no-credential") {
        state.record(transforms.credential.id, transforms.credential.kind, "failed", outcome.reason);
        return refuse(deny("upstream_unavailable", "The gateway could not obtain the MCP server's credentials"), state.request.mcp.id, policyHeaders);
      }
      if (outcome.kind === "failed") return this.upstreamFailure(outcome.error, route, state.request.mcp.id, policyHeaders);
      upstream = outcome.response;
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

  private upstreamFailure(error: unknown, route: GatewayRoute, id: JsonRpcId, headers: Record<string, string>): GatewayResponse {
    const denial = upstreamFailure(error, "The MCP server", route.target.timeoutMs);
    // The client went away; nobody is left to read an answer.
    return denial === "aborted" ? { status: 499, headers: {}, body: null } : refuse(denial, id, headers);
  }
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

