import type { z } from "zod";

/**
 * The closed set of errors the catalog's use cases report, with their HTTP status in one
 * table (DESIGN.md §3.5). The console shows `message` and the field `issues`; the REST API
 * turns them into application/problem+json (lib/api/problem.ts).
 */
export const CATALOG_ERROR_STATUS = {
  bad_request: 400,
  validation_failed: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  name_taken: 409,
  in_use: 409,
  setup_complete: 409,
  rate_limited: 429,
} as const satisfies Record<string, number>;

export type CatalogErrorCode = keyof typeof CATALOG_ERROR_STATUS;

/** A problem with one field; `path` is dotted (`rules.1.config.roles.0.role`). */
export type FieldIssue = { path: string; message: string };

export class CatalogError extends Error {
  readonly code: CatalogErrorCode;
  readonly status: number;
  readonly issues: FieldIssue[];
  readonly retryAfterSeconds?: number;

  constructor(code: CatalogErrorCode, message: string, options: { issues?: FieldIssue[]; retryAfterSeconds?: number } = {}) {
    super(message);
    this.name = "CatalogError";
    this.code = code;
    this.status = CATALOG_ERROR_STATUS[code];
    this.issues = options.issues ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function issuesFromZod(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
}

export function validationFailed(issues: FieldIssue[]): CatalogError {
  const count = issues.length;
  return new CatalogError("validation_failed", count === 1 ? "1 field needs attention" : `${count} fields need attention`, { issues });
}

/** Parses input with a schema, turning problems into a validation_failed error. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationFailed(issuesFromZod(result.error));
  return result.data;
}
