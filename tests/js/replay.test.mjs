// The replay server itself: cassettes and inline bodies, piece sizes, faults, the admin API
// over HTTP (what a test in another process or a browser uses), and its CLI mode.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { startReplay, loadCassette } from "../replay/server.mjs";
import { repoRoot } from "./setup.mjs";

let replay;
before(async () => {
  replay = await startReplay();
});
after(() => replay.close());

/** Raw GET: status, headers and the body as the pieces the socket delivered. */
function get(url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, (res) => {
      const pieces = [];
      res.on("data", (d) => pieces.push(d));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, pieces, body: Buffer.concat(pieces) }));
      res.on("error", (e) => resolve({ status: res.statusCode, error: e, pieces }));
    });
    req.on("error", reject);
  });
}

test("serves a cassette's status, headers and body byte for byte", async () => {
  const rel = "anthropic/test_anthropic_model_thinking_part_stream/00";
  const c = loadCassette(rel);
  replay.enqueue("cas", { cassette: rel, pieceSize: 100, delayMs: 1 });
  const r = await get(`${replay.base("cas")}/v1/messages`);
  assert.equal(r.status, c.status);
  assert.equal(r.headers["content-type"], c.headers["content-type"]);
  assert.ok(r.body.equals(c.body));
  assert.ok(r.pieces.length > 1);
  const logged = replay.requests.find((e) => e.scenario === "cas");
  assert.equal(logged.path, "/v1/messages");
  assert.equal(logged.outcome, "complete");
});

test("queues run in order; an empty queue answers 404", async () => {
  replay.enqueue("q", { status: 429, headers: { "retry-after": "1" }, body: "later" }, { json: { ok: true } });
  const a = await get(replay.base("q"));
  assert.equal(a.status, 429);
  assert.equal(a.headers["retry-after"], "1");
  const b = await get(replay.base("q"));
  assert.equal(JSON.parse(b.body).ok, true);
  assert.equal((await get(replay.base("q"))).status, 404);
});

test("a reset after N bytes cuts the connection", async () => {
  replay.enqueue("reset", { body: "x".repeat(1000), resetAfterBytes: 300, pieceSize: 100 });
  const r = await get(replay.base("reset"));
  assert.ok(r.error, "the client sees an aborted response");
  assert.equal(Buffer.concat(r.pieces).length, 300);
  assert.equal(replay.requests.find((e) => e.scenario === "reset").outcome, "reset");
});

test("a stall pauses the body", async () => {
  replay.enqueue("stall", { body: "abcdef", stallAfterBytes: 3, stallMs: 200 });
  const t0 = Date.now();
  const r = await get(replay.base("stall"));
  assert.equal(r.body.toString(), "abcdef");
  assert.ok(Date.now() - t0 >= 190);
});

test("the admin API and the CLI mode", async () => {
  const child = spawn(process.execPath, [path.join(repoRoot, "tests", "replay", "server.mjs")], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const line = await new Promise((resolve) => child.stdout.once("data", (d) => resolve(String(d))));
    const { url } = JSON.parse(line);
    const post = (p, v) => fetch(`${url}${p}`, { method: "POST", body: JSON.stringify(v) }).then((r) => r.json());
    assert.deepEqual(await post("/__admin/enqueue", { scenario: "x", steps: [{ body: "hello", headers: { "x-a": "1" } }] }), { ok: true });
    const r = await fetch(`${url}/s/x/anything?q=1`, { method: "POST", body: "{}", headers: { authorization: "Bearer t" } });
    assert.equal(await r.text(), "hello");
    assert.equal(r.headers.get("x-a"), "1");
    assert.equal(r.headers.get("access-control-allow-origin"), "*");
    const log = await (await fetch(`${url}/__admin/requests`)).json();
    assert.equal(log[0].path, "/anything?q=1");
    assert.equal(log[0].headers.authorization, "Bearer t");
    await post("/__admin/reset", {});
    assert.deepEqual(await (await fetch(`${url}/__admin/requests`)).json(), []);
    const pre = await fetch(`${url}/s/x/v1`, { method: "OPTIONS" });
    assert.equal(pre.status, 204);
  } finally {
    child.kill();
  }
});
