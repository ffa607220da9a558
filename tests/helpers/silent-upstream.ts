import http from "node:http";
import type { AddressInfo } from "node:net";

export type SilentRequest = {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  /** Resolves when the connection the request came on goes away before any answer. */
  abandoned: Promise<void>;
};

/**
 * An upstream that accepts requests and never answers, for timeouts and cancellation. It
 * watches its response's "close" rather than the request's: since Node 16 a request emits
 * "close" as soon as its body has been read, whereas an unanswered response closes only
 * when the connection is gone.
 */
export async function startSilentUpstream(): Promise<{ url: string; requests: SilentRequest[]; nextRequest(): Promise<SilentRequest>; close(): Promise<void> }> {
  const requests: SilentRequest[] = [];
  const waiting: Array<(request: SilentRequest) => void> = [];
  const server = http.createServer((req, res) => {
    req.resume();
    const request: SilentRequest = {
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      abandoned: new Promise((resolve) => res.once("close", () => resolve())),
    };
    requests.push(request);
    for (const resolve of waiting.splice(0)) resolve(request);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`,
    requests,
    nextRequest: () => new Promise((resolve) => waiting.push(resolve)),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
