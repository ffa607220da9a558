import { CatalogError } from "../catalog/errors";

/**
 * Errors of the REST API as application/problem+json (RFC 9457), with the field issues in
 * an `errors` extension member. Unknown errors become a generic 500 with a correlation id;
 * their detail goes to the log only (DESIGN.md §3.5).
 */
const PROBLEM_TYPE_BASE = "https://gatehouse.dev/problems/";

const TITLES: Record<string, string> = {
  validation_failed: "Validation failed",
  unauthorized: "Authentication required",
  forbidden: "Forbidden",
  not_found: "Not found",
  conflict: "Conflict",
  name_taken: "Name taken",
  in_use: "In use",
  setup_complete: "Set-up complete",
  rate_limited: "Too many requests",
  bad_request: "Bad request",
  internal_error: "Internal error",
};

export function problem(
  status: number,
  code: string,
  detail: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ type: `${PROBLEM_TYPE_BASE}${code}`, title: TITLES[code] ?? code, status, detail, ...extra }), {
    status,
    headers: { "content-type": "application/problem+json", "cache-control": "no-store", ...headers },
  });
}

export function problemFromError(error: unknown): Response {
  if (error instanceof CatalogError) {
    const headers: Record<string, string> = {};
    if (error.code === "unauthorized") headers["www-authenticate"] = 'Bearer realm="gatehouse"';
    if (error.retryAfterSeconds) headers["retry-after"] = String(error.retryAfterSeconds);
    return problem(error.status, error.code, error.message, error.issues.length ? { errors: error.issues } : {}, headers);
  }
  const correlationId = crypto.randomUUID();
  console.error(JSON.stringify({ level: "error", msg: "unhandled API error", correlationId, error: String(error), stack: (error as Error)?.stack }));
  return problem(500, "internal_error", `Something went wrong on our side; quote ${correlationId} when reporting it`, { correlationId });
}

/** Reads a JSON body; a body that is not JSON is the client's mistake (400), not ours. */
export async function readJson(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new CatalogError("bad_request", "Send the body as JSON with Content-Type: application/json");
  }
  try {
    return await request.json();
  } catch {
    throw new CatalogError("bad_request", "The body is not valid JSON");
  }
}

/** Runs a route handler body, mapping every error to a problem response. */
export async function handleApi(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    return problemFromError(error);
  }
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", "cache-control": "no-store", ...headers } });
}
