import type { IncomingHttpHeaders } from "node:http";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { GatewayCore, GatewayResponse } from "./gateway-request";
import { ownOrigin, publishedOrigin } from "./self-origin";

/** The Fetch API allows no body with these statuses ("null body status"), nor in answer to HEAD. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * Serves a gateway core from a Fetch-style route handler (Next.js `app/mcp/[server]/route.ts`,
 * `app/apis/[service]/[[...path]]/route.ts`). The production entry does not come here: it
 * hands /mcp/* and /apis/* to the cores on node:http.
 *
 * `bufferResponses`: an MCP answer that is not an event stream is one JSON message, and handing
 * Next a buffer is much cheaper than a web stream; an API service's body may be of any size and
 * always streams.
 */
export async function handleWebRequest(
  gateway: GatewayCore,
  request: Request,
  options: { clientAddress: string; publicOrigin: string | null; bufferResponses: boolean },
): Promise<Response> {
  const url = new URL(request.url);
  const headers: IncomingHttpHeaders = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  let response: GatewayResponse;
  try {
    response = await gateway.handle({
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
  } catch (error) {
    console.error(JSON.stringify({ level: "error", msg: "gateway failure", error: String(error), stack: (error as Error)?.stack }));
    response = gateway.internalError();
  }
  const responseHeaders = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [String(value)]) responseHeaders.append(name, item);
  }
  let body = response.body;
  if (body !== null && (request.method === "HEAD" || NULL_BODY_STATUSES.has(response.status))) {
    if (!Buffer.isBuffer(body)) body.destroy();
    body = null;
  }
  let webBody: BodyInit | null;
  if (body === null || Buffer.isBuffer(body)) webBody = body === null ? null : new Uint8Array(body);
  else if (!options.bufferResponses || String(response.headers["content-type"] ?? "").startsWith("text/event-stream")) webBody = Readable.toWeb(body) as ReadableStream<Uint8Array>;
  else {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    webBody = new Uint8Array(Buffer.concat(chunks));
  }
  return new Response(webBody, { status: response.status === 499 ? 400 : response.status, headers: responseHeaders });
}
