// The benchmark's upstream: a minimal MCP responder on node:http, so that it costs almost
// nothing next to what is measured. POST answers tools/call (and anything else) in JSON, or
// as an event stream when the request asks for ?sse. GET /mcp?events=N&gap=MS streams N
// events MS apart; GET /mcp?hold opens a stream that stays open.
import http from "node:http";

const port = Number(process.env.PORT ?? 0);
const result = (id) => JSON.stringify({ jsonrpc: "2.0", id, result: { content: [{ type: "text", text: "ok" }], isError: false } });

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://upstream");
  if (req.method === "GET") {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    res.flushHeaders();
    const events = Number(url.searchParams.get("events") ?? 0);
    const gap = Number(url.searchParams.get("gap") ?? 20);
    if (events > 0) {
      let sent = 0;
      const timer = setInterval(() => {
        res.write(`id: ${sent}\ndata: {"jsonrpc":"2.0","method":"notifications/message","params":{"n":${sent},"t":${Date.now()}}}\n\n`);
        if (++sent === events) {
          clearInterval(timer);
          res.end();
        }
      }, gap);
      res.on("close", () => clearInterval(timer));
    }
    return;
  }
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    let id = 1;
    try {
      id = JSON.parse(Buffer.concat(chunks).toString()).id ?? 1;
    } catch {}
    if (url.searchParams.has("sse")) {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      res.end(`event: message\ndata: ${result(id)}\n\n`);
    } else {
      const body = result(id);
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    }
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, "127.0.0.1", () => process.send?.({ port: server.address().port }));
