import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import type { IpRange } from "../policy/ip-range";
import { resolveClientAddress } from "./client-address";
import { ClientSignal } from "./client-signal";
import type { GatewayCore, GatewayResponse } from "./gateway-request";
import { headerValue } from "./http-headers";
import { ownOrigin, publishedOrigin } from "./self-origin";

/**
 * Serves a gateway core (MCP servers or API services) on node:http directly (the production
 * entry), without Next's request pipeline: streams go from undici to the socket as they arrive.
 */
export function nodeGatewayHandler(gateway: GatewayCore, options: { trustedProxies: IpRange[]; publicOrigin: string | null }) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const signal = new ClientSignal();
    res.once("close", () => {
      if (!res.writableFinished) signal.abort();
    });
    const clientAddress = resolveClientAddress(
      req.socket.remoteAddress,
      { forwardedFor: headerValue(req.headers, "x-forwarded-for"), forwarded: headerValue(req.headers, "forwarded") },
      options.trustedProxies,
    );
    const fromTrustedProxy = clientAddress !== normalisedPeer(req.socket.remoteAddress);
    const protocol = (req.socket as TLSSocket).encrypted ? "https" : fromTrustedProxy && headerValue(req.headers, "x-forwarded-proto") === "https" ? "https" : "http";
    let response: GatewayResponse;
    try {
      response = await gateway.handle({
        method: req.method ?? "GET",
        url: req.url ?? "/",
        headers: req.headers,
        clientAddress,
        protocol,
        selfOrigin: publishedOrigin(options.publicOrigin, protocol, req.headers.host),
        // Needed only to judge a browser's Origin, which most requests do not carry.
        ownOrigin: req.headers.origin === undefined ? null : ownOrigin(options.publicOrigin, protocol, req.headers.host),
        body: req,
        signal,
      });
    } catch (error) {
      console.error(JSON.stringify({ level: "error", msg: "gateway failure", error: String(error), stack: (error as Error)?.stack }));
      if (res.headersSent) res.destroy();
      else writeGatewayResponse(res, gateway.internalError());
      return;
    }
    writeGatewayResponse(res, response);
  };
}

function normalisedPeer(address: string | undefined): string {
  const value = address ?? "unknown";
  return value.startsWith("::ffff:") && value.includes(".") ? value.slice(7) : value;
}

export function writeGatewayResponse(res: ServerResponse, response: GatewayResponse): void {
  if (res.destroyed || response.status === 499) {
    if (response.body && !Buffer.isBuffer(response.body)) response.body.destroy();
    return;
  }
  if (response.closeConnection) res.shouldKeepAlive = false;
  res.writeHead(response.status, response.headers);
  const body = response.body;
  if (body === null) {
    res.end();
  } else if (Buffer.isBuffer(body)) {
    res.end(body);
  } else {
    // An event stream's headers go out at once, so a client sees it open before the first
    // event; other answers send headers with the first chunk (one write instead of two).
    if (String(response.headers["content-type"] ?? "").startsWith("text/event-stream")) res.flushHeaders();
    // pipe(), not pipeline(): pipeline builds and aborts an AbortController per response,
    // which costs more than the rest of the proxying (measured, bench/results.md).
    body.once("error", () => res.destroy());
    res.once("close", () => {
      if (!body.readableEnded) body.destroy();
    });
    body.pipe(res);
  }
}
