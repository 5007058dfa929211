// A CPU profile of the gateway Worker on workerd under load, through workerd's inspector: the
// same upstream, bundle and load as bench/gateway.mjs, then the functions with the most self
// time (JS and wasm; build with ASTER_WASM_NAMES=1 to see wasm names) and the share of each.
// Needs Node >= 22 (the global WebSocket): `node_modules/.bin/node bench/gateway-profile.mjs`.
//
// Env: BENCH_GW_CONNECTIONS (16), BENCH_GW_SECONDS (5), ASTER_GATEWAY_ROOT (the checkout whose
// gateway build to profile), PROFILE_OUT (also write the .cpuprofile there), PROFILE_TOP (40).
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { benchDir, corpusDir, repoRoot } from "./lib/common.mjs";
import { concurrent, sequential } from "./lib/load.mjs";
import { bundle, freePort, serveWorker, tempDir } from "./lib/workerd.mjs";

const CONNECTIONS = Number(process.env.BENCH_GW_CONNECTIONS ?? 16);
const SECONDS = Number(process.env.BENCH_GW_SECONDS ?? 5);
const TOP = Number(process.env.PROFILE_TOP ?? 40);
const RECORDING = "cassettes/openai/test_openai_moderation_stream/00/body.sse";
const TOKEN = "bench-gateway-token-0123456789";
const root = path.resolve(process.env.ASTER_GATEWAY_ROOT ?? repoRoot);

const up = spawn(process.execPath, [path.join(benchDir, "lib", "upstream.mjs"), path.join(corpusDir(), RECORDING)], {
  stdio: ["ignore", "pipe", "inherit"],
});
const upPort = await new Promise((resolve) => {
  let buf = "";
  up.stdout.on("data", (d) => {
    buf += d;
    if (buf.includes("\n")) resolve(JSON.parse(buf).port);
  });
});
const dir = tempDir();
const b = bundle(root, path.join(root, "worker", "index.js"), dir);
const inspectorPort = await freePort();
const w = await serveWorker(root, {
  dir: b.dir,
  modules: [{ name: b.js, file: b.js, kind: "esModule" }, ...b.wasm.map((f) => ({ name: f, file: f, kind: "wasm" }))],
  bindings: {
    ASTER_GATEWAY_TOKEN: TOKEN,
    OPENAI_API_KEY: "sk-upstream-bench",
    ASTER_GATEWAY_CONFIG: `[providers.openai]\nbase_url = "http://127.0.0.1:${upPort}/v1"\n`,
  },
  args: [`--inspector-addr=127.0.0.1:${inspectorPort}`],
});
const u = new URL(w.url);
const target = {
  host: u.hostname,
  port: Number(u.port),
  path: "/v1/chat/completions",
  headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
  body: JSON.stringify({ model: "openai/gpt-4o-mini", stream: true, messages: [{ role: "user", content: "What is the capital of France?" }] }),
};

try {
  await sequential(target, 300); // warm-up
  const list = await (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).json();
  const ws = new WebSocket(list[0].webSocketDebuggerUrl);
  await new Promise((r, j) => {
    ws.onopen = r;
    ws.onerror = j;
  });
  let id = 0;
  const pending = new Map();
  ws.onmessage = (m) => {
    const msg = JSON.parse(m.data);
    if (msg.id && pending.has(msg.id)) {
      pending.get(msg.id)(msg);
      pending.delete(msg.id);
    }
  };
  const send = (method, params = {}) =>
    new Promise((r) => {
      const i = ++id;
      pending.set(i, r);
      ws.send(JSON.stringify({ id: i, method, params }));
    });
  await send("Profiler.enable");
  await send("Profiler.setSamplingInterval", { interval: 100 });
  await send("Profiler.start");
  const load = await concurrent(target, CONNECTIONS, SECONDS);
  const { result } = await send("Profiler.stop");
  ws.close();
  const profile = result.profile;
  if (process.env.PROFILE_OUT) fs.writeFileSync(process.env.PROFILE_OUT, JSON.stringify(profile));
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const counts = new Map();
  for (const s of profile.samples) counts.set(s, (counts.get(s) ?? 0) + 1);
  let total = 0;
  for (const [nid, c] of counts) {
    const n = byId.get(nid);
    const f = n.callFrame;
    const key = `${f.functionName || "(anonymous)"} ${f.url ? path.basename(f.url) : ""}:${f.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + c);
    total += c;
  }
  const idle = [...self].filter(([k]) => k.startsWith("(idle)")).reduce((a, [, c]) => a + c, 0);
  console.log(`${load.rps.toFixed(0)} req/s on ${CONNECTIONS} connections; ${total} samples, ${((100 * idle) / total).toFixed(1)}% idle`);
  const share = (c) => `${((100 * c) / (total - idle)).toFixed(1).padStart(5)}%`;
  const groups = new Map();
  for (const [k, c] of self) {
    if (k.startsWith("(idle)")) continue;
    const g = k.startsWith("wasm-") ? "wasm (all functions)" : k.startsWith("(") ? k : k.endsWith(":-1") ? "runtime builtins (fetch, streams, timers, …)" : "JS of the bundle (worker/index.js, glue, io.js)";
    groups.set(g, (groups.get(g) ?? 0) + c);
  }
  for (const [g, c] of [...groups].sort((a, b) => b[1] - a[1])) console.log(`${share(c)}  ${g}`);
  console.log("");
  for (const [k, c] of [...self].filter(([k]) => !k.startsWith("(idle)")).sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
    console.log(`${share(c)}  ${k}`);
  }
} finally {
  await w.stop();
  up.kill("SIGTERM");
  fs.rmSync(dir, { recursive: true, force: true });
}
