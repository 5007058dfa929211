// The replay server: serves recorded provider responses over real HTTP on 127.0.0.1, split
// into pieces of chosen sizes with chosen delays, with injectable faults (DESIGN §5).
//
// Scenarios are queues of steps. A request to `/s/<id>/<anything>` takes the next step of
// queue `<id>` (so a test points a provider's `baseUrl` at `${url}/s/<id>` and runs in
// isolation); any other path takes from queue `default`. A step is:
//
//   {
//     status: 200, headers: {...},               // response head (defaults: 200, from cassette)
//     cassette: "anthropic/CASE/00",             // a corpus cassette folder (status, headers, body)
//     file: "path",                              // or a body file (absolute, or corpus-relative)
//     body: "text" | bodyBase64: "..." | json: {...},   // or an inline body
//     pieces: [7, 1, 300],                       // body write sizes, cycled (default: all at once)
//     pieceSize: 64,                             // or one size for every write
//     delayMs: 0,                                // pause between writes
//     headDelayMs: 0,                            // pause before the response head (a stall)
//     stallAfterBytes: n, stallMs: m,            // pause m ms once n body bytes were sent
//     resetAfterBytes: n,                        // destroy the connection after n body bytes
//   }
//
// Every request is logged: method, path, headers, body, and how the response ended —
// "complete", "client-closed" (the client aborted: what abort tests wait for) or "reset".
//
// Use in-process (`startReplay()`), or as a process (`node server.mjs` prints
// `{"url": ...}` on stdout) driven over HTTP: POST /__admin/enqueue {scenario, steps},
// GET /__admin/requests, POST /__admin/reset. Corpus: $ASTER_CORPUS, default
// ../shared/corpus relative to the repo root.

import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "..", "..");

export function corpusDir() {
  return process.env.ASTER_CORPUS
    ? path.resolve(process.env.ASTER_CORPUS)
    : path.resolve(repoRoot, "..", "shared", "corpus");
}

// Headers of a recording that describe the recorded transfer, not the body we send.
const HOP_HEADERS = new Set(["content-length", "transfer-encoding", "content-encoding", "connection", "keep-alive"]);

const BODY_FILES = ["body.sse", "body.ndjson", "body.eventstream", "body.json", "body.txt"];

/** Status, headers and body bytes of a corpus cassette folder (`provider/case/NN`). */
export function loadCassette(rel, corpus = corpusDir()) {
  const dir = path.resolve(corpus, "cassettes", rel);
  const head = JSON.parse(fs.readFileSync(path.join(dir, "response.json"), "utf8"));
  const name = BODY_FILES.find((f) => fs.existsSync(path.join(dir, f)));
  if (!name) throw new Error(`replay: no body file in ${dir}`);
  return { status: head.status ?? 200, headers: head.headers ?? {}, body: fs.readFileSync(path.join(dir, name)), bodyFile: name };
}

function stepBody(step, corpus) {
  if (step.cassette) return loadCassette(step.cassette, corpus);
  let body = Buffer.alloc(0);
  if (step.file) body = fs.readFileSync(path.isAbsolute(step.file) ? step.file : path.resolve(corpus, step.file));
  else if (step.bodyBase64 !== undefined) body = Buffer.from(step.bodyBase64, "base64");
  else if (step.json !== undefined) body = Buffer.from(JSON.stringify(step.json));
  else if (step.body !== undefined) body = Buffer.from(step.body);
  return { status: 200, headers: {}, body };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function cors(res) {
  res.setHeader("access-control-allow-origin", "*");
  res.setHeader("access-control-allow-headers", "*");
  res.setHeader("access-control-allow-methods", "GET, POST, OPTIONS");
  res.setHeader("access-control-expose-headers", "*");
}

function readAll(req) {
  return new Promise((resolve, reject) => {
    const parts = [];
    req.on("data", (d) => parts.push(d));
    req.on("end", () => resolve(Buffer.concat(parts)));
    req.on("error", reject);
  });
}

/** Starts a replay server on 127.0.0.1 and a free port. */
export async function startReplay({ corpus = corpusDir() } = {}) {
  const queues = new Map();
  const requests = [];
  const waiters = new Set();
  const sockets = new Set();

  const notify = () => {
    for (const w of [...waiters]) {
      const hit = requests.find(w.pred);
      if (hit) {
        waiters.delete(w);
        clearTimeout(w.timer);
        w.resolve(hit);
      }
    }
  };

  const enqueue = (scenario, ...steps) => {
    const q = queues.get(scenario) ?? [];
    q.push(...steps);
    queues.set(scenario, q);
  };

  async function serveStep(req, res, entry, step) {
    const { status, headers, body } = stepBody(step, corpus);
    const finalStatus = step.status ?? status;
    const outHeaders = {};
    for (const [k, v] of Object.entries({ ...headers, ...(step.headers ?? {}) })) {
      if (!HOP_HEADERS.has(k.toLowerCase())) outHeaders[k.toLowerCase()] = v;
    }
    let closed = false;
    let onClosed;
    const closedPromise = new Promise((r) => (onClosed = r));
    res.on("close", () => {
      closed = true;
      onClosed();
      if (!entry.outcome) entry.outcome = res.writableFinished ? "complete" : "client-closed";
      notify();
    });
    if (step.headDelayMs) await sleep(step.headDelayMs);
    if (closed) return;
    res.writeHead(finalStatus, outHeaders);
    res.flushHeaders();
    const sizes = step.pieces ?? (step.pieceSize ? [step.pieceSize] : [body.length || 1]);
    let sent = 0;
    let i = 0;
    let stalled = false;
    while (sent < body.length && !closed) {
      let n = Math.max(1, sizes[i++ % sizes.length]);
      if (step.resetAfterBytes !== undefined) n = Math.min(n, step.resetAfterBytes - sent);
      if (step.stallAfterBytes !== undefined && !stalled && sent < step.stallAfterBytes) {
        n = Math.min(n, step.stallAfterBytes - sent);
      }
      if (step.resetAfterBytes !== undefined && sent >= step.resetAfterBytes) break;
      const piece = body.subarray(sent, sent + n);
      await Promise.race([new Promise((r) => res.write(piece, () => r())), closedPromise]);
      sent += piece.length;
      entry.bytesSent = sent;
      if (step.stallAfterBytes !== undefined && !stalled && sent >= step.stallAfterBytes) {
        stalled = true;
        await sleep(step.stallMs ?? 0);
      } else if (step.delayMs && sent < body.length) {
        await sleep(step.delayMs);
      }
    }
    if (closed) return;
    if (step.resetAfterBytes !== undefined && sent >= step.resetAfterBytes) {
      entry.outcome = "reset";
      // A half-sent chunked body, then the connection dies: the client sees a reset.
      await sleep(5);
      req.socket.destroy();
      notify();
      return;
    }
    res.end();
  }

  const server = http.createServer(async (req, res) => {
    cors(res);
    if (req.method === "OPTIONS") {
      res.writeHead(204).end();
      return;
    }
    const url = new URL(req.url, "http://replay");
    try {
      if (url.pathname.startsWith("/__admin/")) {
        await admin(req, res, url.pathname.slice("/__admin/".length));
        return;
      }
      const m = /^\/s\/([^/]+)(\/.*)?$/.exec(url.pathname);
      const scenario = m ? decodeURIComponent(m[1]) : "default";
      const body = await readAll(req);
      const entry = {
        scenario,
        method: req.method,
        path: (m ? m[2] || "/" : url.pathname) + url.search,
        headers: { ...req.headers },
        body: body.toString("utf8"),
        bytesSent: 0,
        outcome: null,
      };
      requests.push(entry);
      const step = (queues.get(scenario) ?? []).shift();
      if (!step) {
        entry.outcome = "complete";
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { type: "replay_error", message: `no step queued for scenario ${scenario}` } }));
        notify();
        return;
      }
      await serveStep(req, res, entry, step);
    } catch (err) {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`replay server error: ${err && err.message}`);
    }
  });

  async function admin(req, res, what) {
    const send = (v) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(v));
    };
    if (what === "enqueue" && req.method === "POST") {
      const { scenario = "default", steps = [] } = JSON.parse((await readAll(req)).toString("utf8") || "{}");
      enqueue(scenario, ...steps);
      send({ ok: true });
    } else if (what === "requests") {
      send(requests);
    } else if (what === "reset" && req.method === "POST") {
      queues.clear();
      requests.length = 0;
      send({ ok: true });
    } else {
      res.writeHead(404).end();
    }
  }

  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    enqueue,
    /** Base URL of scenario `id`. */
    base(id) {
      return `http://127.0.0.1:${port}/s/${encodeURIComponent(id)}`;
    },
    /** Resolves with the first logged request matching `pred` once its response ended; rejects
     * after `timeoutMs` (a bound for a hang, generous for a busy machine). */
    waitFor(pred, timeoutMs = 30_000) {
      const full = (e) => e.outcome !== null && pred(e);
      const hit = requests.find(full);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const w = { pred: full, resolve };
        w.timer = setTimeout(() => {
          waiters.delete(w);
          reject(new Error("replay: timed out waiting for a request"));
        }, timeoutMs);
        waiters.add(w);
      });
    },
    reset() {
      queues.clear();
      requests.length = 0;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(r));
    },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await startReplay();
  process.stdout.write(JSON.stringify({ url: r.url }) + "\n");
}
