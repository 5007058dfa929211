// A stand-in upstream on 127.0.0.1: answers every POST with a recorded OpenAI chat stream (one
// write, as a fast provider would; BENCH_UPSTREAM_PIECES=N: N writes), GET /v1/models with one model. Run as a child process:
// `node upstream.mjs FILE` prints `{"port": N}` once listening.
import fs from "node:fs";
import http from "node:http";

const body = fs.readFileSync(process.argv[2]);
// BENCH_UPSTREAM_PIECES: answer a stream in this many writes (default 1: one write).
const PIECES = Number(process.env.BENCH_UPSTREAM_PIECES ?? 1);
const models = JSON.stringify({ object: "list", data: [{ id: "gpt-4o-mini", object: "model", owned_by: "bench" }] });
let served = 0;

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    if (req.method === "GET") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(models);
      return;
    }
    served++;
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", "x-request-id": `req_${served}` });
    if (PIECES <= 1) {
      res.end(body);
      return;
    }
    // A stream read in several pieces, as a real provider's is: one write per piece, a
    // macrotask apart so that each reaches the socket on its own.
    const size = Math.ceil(body.length / PIECES);
    let at = 0;
    const next = () => {
      const end = Math.min(at + size, body.length);
      if (end >= body.length) {
        res.end(body.subarray(at));
        return;
      }
      res.write(body.subarray(at, end));
      at = end;
      setImmediate(next);
    };
    next();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + "\n");
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
