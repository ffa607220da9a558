import http from "node:http";
import type { AddressInfo } from "node:net";

/** What an upstream was sent, as it arrived: the path and query exactly as on the request line. */
export type UpstreamRequest = { method: string; url: string; path: string; search: string; headers: http.IncomingHttpHeaders; body: string };

/**
 * One scripted answer. By default 200 with a JSON echo of the request ({ method, url, body,
 * n: the how-manieth request to this path }), so each answer is distinguishable; `reset`
 * drops the connection instead of answering.
 */
export type Reply = { status?: number; headers?: Record<string, string | string[]>; body?: string; reset?: boolean };

export type ScriptedUpstream = {
  origin: string;
  /** Every request in arrival order. */
  requests: UpstreamRequest[];
  /** The requests to one path (without the query). */
  requestsTo(path: string): UpstreamRequest[];
  /** Answers the requests to `path` with these replies in turn; the last one repeats. */
  script(path: string, replies: Reply[]): void;
  close(): Promise<void>;
};

/**
 * A tiny real HTTP API for the API gateway's tests: records what the gateway sends it
 * (method, path, query, headers, body) and answers as each test scripts it per path.
 */
export async function startScriptedUpstream(): Promise<ScriptedUpstream> {
  const requests: UpstreamRequest[] = [];
  const scripts = new Map<string, Reply[]>();
  const counts = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = req.url ?? "/";
      const queryAt = url.indexOf("?");
      const path = queryAt === -1 ? url : url.slice(0, queryAt);
      const recorded: UpstreamRequest = { method: req.method ?? "", url, path, search: queryAt === -1 ? "" : url.slice(queryAt), headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      requests.push(recorded);
      const n = (counts.get(path) ?? 0) + 1;
      counts.set(path, n);
      const replies = scripts.get(path) ?? [{}];
      const reply = replies[Math.min(n, replies.length) - 1]!;
      if (reply.reset) {
        req.socket.destroy();
        return;
      }
      const body = reply.body ?? JSON.stringify({ method: recorded.method, url, body: recorded.body, n });
      res.writeHead(reply.status ?? 200, { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), ...reply.headers });
      res.end(req.method === "HEAD" ? undefined : body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    requestsTo: (path) => requests.filter((request) => request.path === path),
    script(path, replies) {
      scripts.set(path, replies);
      counts.delete(path);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
