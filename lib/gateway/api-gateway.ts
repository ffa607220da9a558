import type { Readable } from "node:stream";
import type { Dispatcher } from "undici";
import { deny, type Denial } from "../policy/denials";
import { evaluateAfterBody, type Transforms } from "../policy/evaluate";
import { EvaluationState } from "../policy/evaluation-state";
import type { RequestView, ResponseHeadersEvaluator } from "../policy/types";
import { problemDenialResponse } from "./denial-response";
import { safeDecode, splitUrl, type GatewayCore, type GatewayRequest, type GatewayResponse } from "./gateway-request";
import { downstreamHeaders, headerValue, upstreamHeaders } from "./http-headers";
import { evaluateRequestBeforeBody, policyRequest } from "./policy-request";
import { protectedResourceMetadata } from "./protected-resource-metadata";
import { checkDeclaredLength, hasRequestBody, limitedBody, readBody, unreadBodyClosesConnection } from "./request-body";
import type { RequestLog, RequestLogEntry } from "./request-log";
import { captureBody, varyNames, type CachedResponse, type ResponseCacheStore } from "./response-cache-store";
import type { GatewayRoute, RouteTable } from "./route-table";
import { upstreamFailure } from "./upstream-errors";
import { exchange, sleep, type Wait } from "./upstream-exchange";

export type ApiGatewayOptions = {
  routes: RouteTable;
  dispatcher: Dispatcher;
  log: RequestLog;
  /** The body limit when a policy sets none. */
  defaultMaxBodyBytes: number;
  /** The Response Cache's storage, one per process. */
  cache: ResponseCacheStore;
  /** HTTP Retry's backoff; tests pass a faster clock. */
  wait?: Wait;
};

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const ALLOWED_METHODS = [...METHODS].join(", ");

/**
 * A request body of at most this many bytes (with a Content-Length) is kept whole when HTTP
 * Retry or an OAuth2 credential may have to send it again; a larger or chunked body streams
 * straight through and is sent once.
 */
export const REPLAYABLE_BODY_BYTES = 1024 * 1024;

function refuse(denial: Denial, headers: Record<string, string> = {}): GatewayResponse {
  const response = problemDenialResponse(denial, headers);
  return { status: response.status, headers: response.headers, body: response.body };
}

/**
 * A path segment that is "." or "..", also percent-encoded or behind an encoded or backslash
 * separator: the upstream would resolve it and could leave the service's base path.
 */
function hasDotSegment(path: string): boolean {
  const decoded = path.replace(/%2e/gi, ".").replace(/%2f/gi, "/").replace(/%5c/gi, "\\");
  return decoded.split(/[/\\]/).some((segment) => segment === "." || segment === "..");
}

/** The upstream path: the service's base path, then the request's path after the service prefix. */
function upstreamPath(basePath: string, rest: string): string {
  return rest === "" ? basePath : `${basePath.replace(/\/+$/, "")}${rest}`;
}

/**
 * The query string as it goes upstream: as received, except for the parameters a credential
 * travelled in. Removed textually, so that every other parameter keeps its exact encoding.
 */
function upstreamSearch(raw: string, credentialParameters: string[]): string {
  if (raw === "") return "";
  if (credentialParameters.length === 0) return `?${raw}`;
  const kept = raw.split("&").filter((pair) => {
    const name = pair.split("=", 1)[0]!;
    return !credentialParameters.includes(safeDecode(name.replace(/\+/g, " ")) ?? name);
  });
  return kept.length === 0 ? "" : `?${kept.join("&")}`;
}

/**
 * The gateway core for API services: finds the service of `/apis/<slug>/<path>`, enforces its
 * policy phase by phase (the same engine as MCP servers, without JSON-RPC: `mcp` is empty)
 * and forwards the request to the service's base URL + <path>, streaming both ways. The
 * transform rules happen here: a redirect answers instead, the Response Cache answers GET and
 * HEAD from memory, the Outbound credential and request headers go upstream, HTTP Retry tries
 * again, the Response Transformer changes what the caller gets. Refusals are problem details.
 */
export class ApiGateway implements GatewayCore {
  private readonly wait: Wait;

  constructor(private readonly options: ApiGatewayOptions) {
    this.wait = options.wait ?? sleep;
  }

  internalError(): GatewayResponse {
    return refuse(deny("internal_error", "Internal error"));
  }

  async handle(request: GatewayRequest): Promise<GatewayResponse> {
    const started = performance.now();
    const { path, query } = splitUrl(request.url);
    const metadata = /^\/\.well-known\/oauth-protected-resource(\/apis\/[^/]+)\/?$/.exec(path);
    if (metadata) return this.protectedResourceMetadata(request, metadata[1]!, started);
    const match = /^\/apis\/([^/]+)(\/.*)?$/.exec(path);
    const slug = match ? safeDecode(match[1]!) : null;
    const found = slug === null ? undefined : this.options.routes.lookup(slug);
    // Synchronous unless a catalog change is being loaded.
    const route = found instanceof Promise ? await found : found;

    const details: RequestLogEntry["details"] = {};
    const finish = (response: GatewayResponse) => {
      this.options.log({ gateway: "api", request, route, status: response.status, latencyMs: performance.now() - started, details });
      return response;
    };
    const refuseUnread = (denial: Denial, headers?: Record<string, string>) => {
      if (details.state) details.decision = "denied";
      return finish({ ...refuse(denial, headers), closeConnection: unreadBodyClosesConnection(request.headers) });
    };

    if (!route) return refuseUnread(deny("service_not_found", `No API service is registered at /apis/${match?.[1] ?? ""}`));
    if (!route.target.enabled) return refuseUnread(deny("service_disabled", `The API service ${route.target.name} is disabled`));
    if (!route.policy) return refuseUnread(deny("service_disabled", `The API service ${route.target.name} cannot serve: ${route.problem}`));
    const policy = route.policy;
    if (!METHODS.has(request.method)) return refuseUnread(deny("method_not_allowed", `${request.method} is not forwarded to API services`, { allow: ALLOWED_METHODS }));
    const rest = match![2] ?? "";
    if (hasDotSegment(rest)) return refuseUnread(deny("invalid_request", "A path with . or .. segments is not forwarded: it could leave the service's base path"));

    const prefix = `/apis/${match![1]}`;
    const state = new EvaluationState(policyRequest(request, { path: rest || "/", query, resourcePath: prefix }));
    details.state = state;
    const before = evaluateRequestBeforeBody(policy, state, request);
    if (before.kind === "preflight") {
      details.decision = "preflight";
      return finish({ status: 204, headers: before.headers, body: null, closeConnection: unreadBodyClosesConnection(request.headers) });
    }
    if (before.kind === "deny") return refuseUnread(before.denial);

    const limit = Math.min(before.maxBodyBytes ?? this.options.defaultMaxBodyBytes, this.options.defaultMaxBodyBytes);
    const declared = checkDeclaredLength(headerValue(request.headers, "content-length"), limit);
    if (declared) return refuseUnread(declared, before.responseHeaders);

    // No body to read first: the caller is authenticated and authorized before a byte of it is.
    const decision = await evaluateAfterBody(policy, state, before.responseHeaders);
    if (!decision.allow) return refuseUnread(decision.denial, decision.responseHeaders);
    details.decision = "allowed";
    return finish(await this.forward(request, route, state, { rest, prefix, rawQuery: request.url.slice(path.length + 1), limit }, decision.upstream, decision.responseHeaders, details));
  }

  private async forward(
    request: GatewayRequest,
    route: GatewayRoute,
    state: EvaluationState,
    target: { rest: string; prefix: string; rawQuery: string; limit: number },
    instructions: { setHeaders: Record<string, string>; keepAuthorization: boolean; transforms: Transforms },
    policyHeaders: Record<string, string>,
    details: RequestLogEntry["details"],
  ): Promise<GatewayResponse> {
    const policy = route.policy!;
    const { transforms } = instructions;
    const query = state.request.query;
    for (const name of policy.credentialQueryParameters) query.delete(name);
    const header = (name: string) => headerValue(request.headers, name);
    const view: RequestView = { method: request.method, path: target.rest || "/", query, header };

    if (transforms.redirect) {
      const location = transforms.redirect.location(view.path, upstreamSearch(target.rawQuery, policy.credentialQueryParameters).slice(1));
      if (location === null) return refuse(deny("invalid_request", "This request cannot be redirected"), policyHeaders);
      return { status: transforms.redirect.status, headers: { ...policyHeaders, location, "content-length": "0" }, body: null, closeConnection: unreadBodyClosesConnection(request.headers) };
    }

    const strip = instructions.keepAuthorization ? route.stripHeaders.keepingAuthorization : route.stripHeaders.all;
    let cacheKey: string | null = null;
    const cache = transforms.cache;
    if (cache) {
      // The caller's Authorization reaches the upstream unless an authenticator took it or an Outbound rule replaces it.
      const forwardedAuthorization = transforms.credential || strip.has("authorization") ? undefined : header("authorization");
      const key = cache.evaluator.key(view, state.identity!, forwardedAuthorization);
      if (key !== null) {
        details.cache = "MISS";
        const directive = cache.evaluator.requestDirective(header);
        // The route's build and the rule are part of the key: a saved service or policy starts afresh.
        if (directive !== "skip") cacheKey = `${route.generation}\n${cache.id}\n${key}`;
        const hit = directive === "use" ? this.options.cache.get(cacheKey!, header) : undefined;
        if (hit) {
          details.cache = "HIT";
          return this.fromCache(hit, request.method, policyHeaders, transforms.responseHeaders);
        }
      }
    }

    // The body streams through, unless a retry or a renewed credential may need it again and
    // it is small enough to keep.
    const mayResend = transforms.retry?.retriesMethod(request.method) === true || transforms.credential?.evaluator.refresh !== undefined;
    const declaredLength = headerValue(request.headers, "content-length");
    let body: Buffer | Readable | null = null;
    let replayable = true;
    if (request.body && hasRequestBody(request.headers)) {
      if (mayResend && declaredLength !== undefined && Number(declaredLength) <= REPLAYABLE_BODY_BYTES) {
        const read = await readBody(request.body, target.limit);
        if (!read.ok) return { ...refuse(read.denial, policyHeaders), closeConnection: true };
        body = read.body;
      } else {
        replayable = false;
        body = declaredLength !== undefined ? request.body : limitedBody(request.body, target.limit);
      }
    }

    const upstreamUrl = route.target.upstreamUrl;
    const outcome = await exchange(
      this.options.dispatcher,
      {
        origin: upstreamUrl.origin,
        path: `${upstreamPath(upstreamUrl.pathname, target.rest)}${upstreamSearch(target.rawQuery, policy.credentialQueryParameters)}`,
        method: request.method as Dispatcher.HttpMethod,
        headers: upstreamHeaders(request.headers, {
          strip,
          set: instructions.setHeaders,
          clientAddress: request.clientAddress,
          protocol: request.protocol,
          host: headerValue(request.headers, "host"),
          contentLength: Buffer.isBuffer(body) ? body.length : declaredLength !== undefined && body ? Number(declaredLength) : null,
          transforms: transforms.requestHeaders.length > 0 ? transforms.requestHeaders : undefined,
          prefix: target.prefix,
          acceptEncoding: "caller",
        }),
        body,
        signal: request.signal,
        headersTimeout: route.target.timeoutMs,
        // Responses may rightly pause for long (event streams, long polling): only the wait for
        // the response headers is bounded.
        bodyTimeout: 0,
      },
      { credential: transforms.credential?.evaluator ?? null, retry: transforms.retry, replayable },
      this.wait,
    );
    if (outcome.kind === "no-credential") {
      state.record(transforms.credential!.id, transforms.credential!.kind, "failed", outcome.reason);
      return refuse(deny("upstream_unavailable", "The gateway could not obtain the upstream's credentials"), policyHeaders);
    }
    details.attempts = outcome.attempts;
    if (outcome.kind === "failed") {
      const denial = upstreamFailure(outcome.error, "The upstream API", route.target.timeoutMs);
      // The client went away; nobody is left to read an answer.
      return denial === "aborted" ? { status: 499, headers: {}, body: null } : { ...refuse(denial, policyHeaders), closeConnection: !replayable };
    }

    const upstream = outcome.response;
    const headers = downstreamHeaders(upstream.headers, { dropContentLength: false });
    let responseBody: Readable = upstream.body;
    if (cacheKey !== null && cache) {
      const verdict = cache.evaluator.storable(upstream.statusCode, (name) => headerValue(upstream.headers, name));
      if ("ttlSeconds" in verdict) {
        const key = cacheKey;
        const status = upstream.statusCode;
        const stored = { ...headers };
        const vary = cacheVary(headerValue(upstream.headers, "vary"), headerValue(upstream.headers, "content-encoding"));
        const capture = captureBody(cache.evaluator.maxBodyBytes, (captured) => this.options.cache.set(key, vary, header, { status, headers: stored, body: captured }, verdict.ttlSeconds));
        upstream.body.once("error", (error) => capture.destroy(error));
        responseBody = upstream.body.pipe(capture);
      }
    }
    finishHeaders(headers, policyHeaders, details.cache, transforms.responseHeaders);
    return { status: upstream.statusCode, headers, body: responseBody };
  }

  /** A cached answer: its headers with its age (RFC 9111 §5.1), the body from memory. */
  private fromCache(hit: CachedResponse, method: string, policyHeaders: Record<string, string>, transforms: ResponseHeadersEvaluator[]): GatewayResponse {
    const headers = { ...hit.headers, age: String(this.options.cache.ageOf(hit)) };
    if (method !== "HEAD") headers["content-length"] = String(hit.body.length);
    finishHeaders(headers, policyHeaders, "HIT", transforms);
    return { status: hit.status, headers, body: method === "HEAD" ? null : hit.body };
  }

  /** RFC 9728 metadata of a service whose policy has an OAuth2 rule (protected-resource-metadata.ts). */
  private async protectedResourceMetadata(request: GatewayRequest, resourcePath: string, started: number): Promise<GatewayResponse> {
    const slug = safeDecode(resourcePath.slice("/apis/".length));
    const found = slug === null ? undefined : this.options.routes.lookup(slug);
    const route = found instanceof Promise ? await found : found;
    const response = protectedResourceMetadata(request, resourcePath, route, "API service");
    this.options.log({ gateway: "api", request, route, status: response.status, latencyMs: performance.now() - started, details: {} });
    return response;
  }
}

/**
 * The request headers a stored answer is kept per: the upstream's Vary, and Accept-Encoding
 * whenever the body is encoded (gzip, br, …). Upstreams that compress by Accept-Encoding but
 * forget to say Vary are common; without this a caller that cannot decode gzip would be
 * served another caller's gzip body from the cache.
 */
function cacheVary(vary: string | undefined, contentEncoding: string | undefined): string[] {
  const names = varyNames(vary);
  const encoded = contentEncoding !== undefined && contentEncoding.trim().toLowerCase() !== "identity" && contentEncoding.trim() !== "";
  return encoded && !names.includes("accept-encoding") ? [...names, "accept-encoding"].sort() : names;
}

/**
 * What every answer from the upstream or the cache gets last: the policy's headers (CORS,
 * rate limits), X-Cache when a Response Cache rule applied, then the Response Transformer,
 * which sees the response exactly as the caller would.
 */
function finishHeaders(headers: GatewayResponse["headers"], policyHeaders: Record<string, string>, cache: "HIT" | "MISS" | undefined, transforms: ResponseHeadersEvaluator[]): void {
  Object.assign(headers, policyHeaders);
  if (cache) headers["x-cache"] = cache;
  for (const transform of transforms) transform.apply(headers);
}
