// A stand-in upstream on 127.0.0.1: answers every POST with a recorded OpenAI chat stream (one
// write, as a fast provider would), GET /v1/models with one model. Run as a child process:
// `node upstream.mjs FILE` prints `{"port": N}` once listening.
import fs from "node:fs";
import http from "node:http";

const body = fs.readFileSync(process.argv[2]);
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
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + "\n");
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
