/**
 * One JSON line on standard output for events of the running gateway that are not requests
 * (a Redis outage, a catalog reload), in the shape of the request log's lines.
 */
export function logLine(level: "info" | "warn" | "error", msg: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
}
