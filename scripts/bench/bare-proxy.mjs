// The benchmark's physical limit: node:http + undici.request, streaming pass-through, no
// policy, no parsing. Gatehouse is measured against this.
import http from "node:http";
import { Agent, request } from "undici";

const target = new URL(process.env.TARGET);
const dispatcher = new Agent({ keepAliveTimeout: 4_000, connections: 256 });
const server = http.createServer(async (req, res) => {
  try {
    const upstream = await request(new URL(req.url.replace(/^\/[^?]*/, target.pathname), target), {
      method: req.method,
      headers: { "content-type": req.headers["content-type"] ?? "application/json", accept: req.headers.accept ?? "*/*" },
      body: req.method === "POST" ? req : undefined,
      dispatcher,
    });
    res.writeHead(upstream.statusCode, upstream.headers);
    upstream.body.pipe(res);
  } catch {
    res.writeHead(502).end();
  }
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => process.send?.({ port: server.address().port }));
