// Two gateway builds and the pass-through Worker, each on its own workerd, measured in
// interleaved rounds (the machine's load changes minute to minute; interleaving shares it):
// per round, sequential latency then throughput on N connections for each. Prints per-build
// medians over rounds, and each as a ratio to the pass-through Worker of the same round.
//   node_modules/.bin/node bench/gateway-ab.mjs <root A> <root B> ...
// (a root: a checkout, or a copy of one, with worker/, pkg-gateway/ and node_modules/; or a
// Worker module, a `.js` file, bundled with this checkout's wrangler and given the gateway's
// bindings: the floors in bench/gateway-floors/, what a Worker costs before any gateway work).
// Env: AB_ROUNDS (6), AB_SEQ (300 sequential per round), BENCH_GW_CONNECTIONS (16),
// AB_SECONDS (2 per throughput burst).
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { benchDir, corpusDir, median, quantile, repoRoot } from "./lib/common.mjs";
import { concurrent, sequential } from "./lib/load.mjs";
import { bundle, PASSTHROUGH, serveWorker, tempDir } from "./lib/workerd.mjs";

const ROUNDS = Number(process.env.AB_ROUNDS ?? 6);
const SEQ = Number(process.env.AB_SEQ ?? 300);
const CONNS = Number(process.env.BENCH_GW_CONNECTIONS ?? 16);
const SECS = Number(process.env.AB_SECONDS ?? 2);
const RECORDING = "cassettes/openai/test_openai_moderation_stream/00/body.sse";
const TOKEN = "bench-gateway-token-0123456789";
const roots = process.argv.slice(2).map((r) => path.resolve(r));
// The checkout whose wrangler and workerd serve a root: itself, or this one for a Worker file.
const homeOf = (root) => (root.endsWith(".js") ? repoRoot : root);
const body = (model) => JSON.stringify({ model, stream: true, messages: [{ role: "user", content: "What is the capital of France?" }] });

const up = spawn(process.execPath, [path.join(benchDir, "lib", "upstream.mjs"), path.join(corpusDir(), RECORDING)], { stdio: ["ignore", "pipe", "inherit"] });
const upPort = await new Promise((resolve) => {
  let buf = "";
  up.stdout.on("data", (d) => {
    buf += d;
    if (buf.includes("\n")) resolve(JSON.parse(buf).port);
  });
});
const dirs = [];
const contenders = [];
try {
  const pdir = tempDir();
  dirs.push(pdir);
  fs.writeFileSync(path.join(pdir, "passthrough.js"), PASSTHROUGH);
  const pw = await serveWorker(homeOf(roots[0]), { dir: pdir, modules: [{ name: "passthrough.js", file: "passthrough.js", kind: "esModule" }], bindings: { UPSTREAM: `http://127.0.0.1:${upPort}` } });
  const pu = new URL(pw.url);
  contenders.push({ name: "pass-through", w: pw, target: { host: pu.hostname, port: Number(pu.port), path: "/v1/chat/completions", headers: { authorization: "Bearer sk-x", "content-type": "application/json" }, body: body("gpt-4o-mini") } });
  for (const root of roots) {
    const dir = tempDir();
    dirs.push(dir);
    const home = homeOf(root);
    const b = bundle(home, home === root ? path.join(root, "worker", "index.js") : root, dir);
    const w = await serveWorker(home, {
      dir: b.dir,
      modules: [{ name: b.js, file: b.js, kind: "esModule" }, ...b.wasm.map((f) => ({ name: f, file: f, kind: "wasm" }))],
      bindings: { ASTER_GATEWAY_TOKEN: TOKEN, OPENAI_API_KEY: "sk-upstream-bench", ASTER_GATEWAY_CONFIG: `[providers.openai]\nbase_url = "http://127.0.0.1:${upPort}/v1"\n` },
    });
    const u = new URL(w.url);
    contenders.push({ name: root, w, target: { host: u.hostname, port: Number(u.port), path: "/v1/chat/completions", headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" }, body: body("openai/gpt-4o-mini") } });
  }
  for (const c of contenders) {
    await sequential(c.target, 200);
    c.rounds = [];
  }
  for (let r = 0; r < ROUNDS; r++) {
    for (const c of contenders) {
      const s = await sequential(c.target, SEQ);
      const l = await concurrent(c.target, CONNS, SECS);
      c.rounds.push({ med: median(s.latencies), rps: l.rps, p99: quantile(l.latencies, 0.99), errors: l.errors });
    }
  }
  const pass = contenders[0];
  console.log(`${ROUNDS} rounds x (${SEQ} sequential + ${CONNS} connections for ${SECS} s), interleaved`);
  for (const c of contenders) {
    const over = c.rounds.map((x, i) => x.med - pass.rounds[i].med);
    const ratio = c.rounds.map((x, i) => x.rps / pass.rounds[i].rps);
    const errors = c.rounds.reduce((a, x) => a + x.errors, 0);
    console.log(
      `${c.name}: median ${median(c.rounds.map((x) => x.med)).toFixed(3)} ms (over pass-through ${median(over).toFixed(3)}), ` +
        `${median(c.rounds.map((x) => x.rps)).toFixed(0)} req/s (${(100 * median(ratio)).toFixed(1)}% of pass-through; rounds ${ratio.map((x) => (100 * x).toFixed(0)).join(" ")}), ` +
        `p99 under load ${median(c.rounds.map((x) => x.p99)).toFixed(1)} ms${errors ? `, ${errors} errors` : ""}`,
    );
  }
} finally {
  for (const c of contenders) await c.w.stop();
  up.kill("SIGTERM");
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
}
