import type { IncomingHttpHeaders } from "node:http";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { Gateway } from "./gateway";
import { ownOrigin, publishedOrigin } from "./self-origin";

/**
 * Serves the gateway from a Fetch-style route handler (Next.js `app/mcp/[server]/route.ts`).
 * The production entry does not come here: it hands /mcp/* to the core on node:http.
 */
export async function handleWebRequest(gateway: Gateway, request: Request, options: { clientAddress: string; publicOrigin: string | null }): Promise<Response> {
  const url = new URL(request.url);
  const headers: IncomingHttpHeaders = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const response = await gateway.handle({
    method: request.method,
    url: url.pathname + url.search,
    headers,
    clientAddress: options.clientAddress,
    // The Host the client used: Next's request.url names "localhost" whatever it was.
    protocol: url.protocol === "https:" ? "https" : "http",
    selfOrigin: publishedOrigin(options.publicOrigin, url.protocol.slice(0, -1), request.headers.get("host") ?? url.host),
    ownOrigin: ownOrigin(options.publicOrigin, url.protocol.slice(0, -1), request.headers.get("host") ?? url.host),
    body: request.body ? Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>) : null,
    signal: request.signal,
  });
  const responseHeaders = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [String(value)]) responseHeaders.append(name, item);
  }
  const body = response.body;
  let webBody: BodyInit | null;
  if (body === null || Buffer.isBuffer(body)) webBody = body === null ? null : new Uint8Array(body);
  else if (String(response.headers["content-type"] ?? "").startsWith("text/event-stream")) webBody = Readable.toWeb(body) as ReadableStream<Uint8Array>;
  else {
    // A JSON answer is one message: handing Next a buffer is much cheaper than a web stream.
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    webBody = new Uint8Array(Buffer.concat(chunks));
  }
  return new Response(webBody, { status: response.status === 499 ? 400 : response.status, headers: responseHeaders });
}
