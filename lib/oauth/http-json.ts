import { request, type Dispatcher } from "undici";

/**
 * Small JSON GET/POST for talking to authorization servers: bounded in time and size, no
 * redirects followed (a metadata or key URL that redirects elsewhere is refused), errors as
 * messages a person can act on.
 */
export type HttpJsonResult = { ok: true; status: number; body: unknown; headers: Record<string, string | string[] | undefined> } | { ok: false; error: string };

const MAX_BYTES = 1024 * 1024;

export async function httpJson(
  url: string,
  options: { method?: "GET" | "POST"; headers?: Record<string, string>; body?: string; timeoutMs?: number; dispatcher?: Dispatcher } = {},
): Promise<HttpJsonResult> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  try {
    const response = await request(url, {
      method: options.method ?? "GET",
      headers: { accept: "application/json", ...options.headers },
      body: options.body,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
      dispatcher: options.dispatcher,
    });
    let size = 0;
    const chunks: Buffer[] = [];
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length;
      if (size > MAX_BYTES) {
        response.body.destroy();
        return { ok: false, error: `${url} answered with more than ${MAX_BYTES} bytes` };
      }
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString("utf8");
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      if (response.statusCode < 300) return { ok: false, error: `${url} did not answer with JSON (HTTP ${response.statusCode})` };
    }
    return { ok: true, status: response.statusCode, body, headers: response.headers };
  } catch (error) {
    const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
    const reason =
      code === "ECONNREFUSED" ? "connection refused" : code === "ENOTFOUND" ? "host not found" : (error as Error).name === "TimeoutError" || code?.includes("TIMEOUT") ? `no answer within ${timeoutMs / 1000} s` : (error as Error).message;
    return { ok: false, error: `${url}: ${reason}` };
  }
}
