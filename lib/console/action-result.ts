import { CatalogError, type FieldIssue } from "../catalog/errors";

/**
 * What a server action returns to the console: data, or a message with field issues. Server
 * actions never throw to the browser: a thrown error would show as a generic failure and
 * lose the field-level detail (and could leak internals).
 */
export type ActionResult<T> = { ok: true; data: T } | { ok: false; code: string; message: string; issues: FieldIssue[] };

export async function runAction<T>(run: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await run() };
  } catch (error) {
    if (error instanceof CatalogError) return { ok: false, code: error.code, message: error.message, issues: error.issues };
    const correlationId = crypto.randomUUID();
    console.error(JSON.stringify({ level: "error", msg: "unhandled server action error", correlationId, error: String(error), stack: (error as Error)?.stack }));
    return { ok: false, code: "internal_error", message: `Something went wrong on our side; quote ${correlationId} when reporting it`, issues: [] };
  }
}
