// Gateway overhead: latency added per request (median, p99) and requests per second through
// the aster gateway on workerd and through LiteLLM's proxy, both
// in front of the same local upstream (a Node server on 127.0.0.1 answering a recorded OpenAI
// chat stream), driven by the same load generator (bench/lib/load.mjs). Loopback only; bounded
// request counts and durations.
//
// The gateway (worker/index.js + pkg-gateway/, from scripts/build-gateway.sh) is bundled by
// wrangler and served by bare workerd, beside a pass-through Worker on the same runtime: the
// gateway's own cost is the difference. (`wrangler dev` is not used: its local proxy adds
// several ms per request of its own.) LiteLLM needs bench/.venv (run.sh installs the pinned
// version). A contender that is not available is reported as such.
//
// Env: BENCH_GW_REQUESTS (2000 sequential), BENCH_GW_CONNECTIONS (16), BENCH_GW_SECONDS (2 per
// load round; 4 rounds, interleaved), ASTER_GATEWAY_ROOT (the checkout whose gateway build to
// run; default: this repo).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { benchDir, corpusDir, fmt, machine, machineLine, median, quantile, repoRoot, saveResult, table } from "./lib/common.mjs";
import { concurrent, sequential } from "./lib/load.mjs";
import { bundle, PASSTHROUGH, serveWorker, tempDir, workerdBinary } from "./lib/workerd.mjs";

const QUICK = process.env.BENCH_QUICK === "1";
const REQUESTS = Number(process.env.BENCH_GW_REQUESTS ?? (QUICK ? 200 : 2000));
const CONNECTIONS = Number(process.env.BENCH_GW_CONNECTIONS ?? 16);
const SECONDS = Number(process.env.BENCH_GW_SECONDS ?? 2);
const ROUNDS = 4;
// Load rounds, interleaved across the contenders like the sequential ones: the machine's load
// moves minute to minute, and one burst per contender made the shares move by ±15% per run.
const LOAD_ROUNDS = QUICK ? 1 : 4;
const RECORDING = "cassettes/openai/test_openai_moderation_stream/00/body.sse";
const UPSTREAM_KEY = "sk-upstream-bench";
const LITELLM_KEY = "sk-litellm-bench-master";
const LITELLM_VERSION = "1.102.4";

function chatBody(model) {
  return JSON.stringify({ model, stream: true, messages: [{ role: "user", content: "What is the capital of France?" }] });
}

function waitLine(child, what) {
  return new Promise((resolve, reject) => {
    let buf = "";
    child.stdout.on("data", (d) => {
      buf += d;
      const i = buf.indexOf("\n");
      if (i >= 0) resolve(JSON.parse(buf.slice(0, i)));
    });
    child.on("exit", (code) => reject(new Error(`${what} exited (${code})`)));
  });
}

async function startUpstream() {
  const child = spawn(process.execPath, [path.join(benchDir, "lib", "upstream.mjs"), path.join(corpusDir(), RECORDING)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const { port } = await waitLine(child, "upstream");
  return { port, stop: () => child.kill("SIGTERM") };
}

async function waitHttp(url, deadlineMs, headers = {}) {
  const end = Date.now() + deadlineMs;
  for (;;) {
    try {
      const r = await fetch(url, { headers });
      if (r.ok) return;
    } catch {
      // Not up yet.
    }
    if (Date.now() > end) throw new Error(`${url} did not answer in ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const GATEWAY_TOKEN = "bench-gateway-token-0123456789";

function gatewayRoot() {
  return path.resolve(process.env.ASTER_GATEWAY_ROOT ?? repoRoot);
}

/**
 * The aster gateway Worker (worker/index.js + pkg-gateway/) bundled by wrangler and served by
 * workerd, configured to route `openai/*` to the upstream; or {unavailable} when not built.
 */
async function startGateway(upPort) {
  const root = gatewayRoot();
  const need = [path.join(root, "worker", "index.js"), path.join(root, "pkg-gateway", "aster_bg.wasm"), path.join(root, "node_modules", "wrangler")];
  const missing = need.filter((f) => !fs.existsSync(f));
  if (missing.length || !workerdBinary(root)) {
    return { unavailable: `not built (missing ${missing.map((f) => path.relative(root, f)).join(", ") || "workerd"}; npm ci + scripts/build-gateway.sh)` };
  }
  const dir = tempDir();
  const b = bundle(root, path.join(root, "worker", "index.js"), dir);
  const w = await serveWorker(root, {
    dir: b.dir,
    modules: [{ name: b.js, file: b.js, kind: "esModule" }, ...b.wasm.map((f) => ({ name: f, file: f, kind: "wasm" }))],
    bindings: {
      ASTER_GATEWAY_TOKEN: GATEWAY_TOKEN,
      OPENAI_API_KEY: UPSTREAM_KEY,
      ASTER_GATEWAY_CONFIG: `[providers.openai]\nbase_url = "http://127.0.0.1:${upPort}/v1"\n`,
    },
  });
  const u = new URL(w.url);
  return {
    target: {
      host: u.hostname,
      port: Number(u.port),
      path: "/v1/chat/completions",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body: chatBody("openai/gpt-4o-mini"),
    },
    stop: async () => {
      await w.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A pass-through Worker on the same workerd: what the runtime costs on its own (inbound
 * request, outbound fetch, streaming the body back), so the gateway's own overhead shows.
 */
async function startPassthrough(upPort) {
  const root = gatewayRoot();
  if (!workerdBinary(root)) return { unavailable: "workerd is not installed (npm ci at the repo root brings wrangler)" };
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, "passthrough.js"), PASSTHROUGH);
  const w = await serveWorker(root, {
    dir,
    modules: [{ name: "passthrough.js", file: "passthrough.js", kind: "esModule" }],
    bindings: { UPSTREAM: `http://127.0.0.1:${upPort}` },
  });
  const u = new URL(w.url);
  return {
    target: {
      host: u.hostname,
      port: Number(u.port),
      path: "/v1/chat/completions",
      headers: { authorization: `Bearer ${UPSTREAM_KEY}`, "content-type": "application/json" },
      body: chatBody("gpt-4o-mini"),
    },
    stop: async () => {
      await w.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A floor Worker of bench/gateway-floors/ on the same workerd, given the gateway's bindings:
 * what a Worker costs that reads the upstream stream in JS (and, for js-transform.js,
 * re-encodes each event) before any gateway logic. The gateway budget's context.
 */
async function startFloor(upPort, file) {
  const root = gatewayRoot();
  if (!workerdBinary(root)) return { unavailable: "workerd is not installed (npm ci at the repo root brings wrangler)" };
  const dir = tempDir();
  const b = bundle(root, path.join(benchDir, "gateway-floors", file), dir);
  const w = await serveWorker(root, {
    dir: b.dir,
    modules: [{ name: b.js, file: b.js, kind: "esModule" }],
    bindings: { OPENAI_API_KEY: UPSTREAM_KEY, ASTER_GATEWAY_CONFIG: `[providers.openai]\nbase_url = "http://127.0.0.1:${upPort}/v1"\n` },
  });
  const u = new URL(w.url);
  return {
    target: {
      host: u.hostname,
      port: Number(u.port),
      path: "/v1/chat/completions",
      headers: { authorization: `Bearer ${UPSTREAM_KEY}`, "content-type": "application/json" },
      body: chatBody("gpt-4o-mini"),
    },
    stop: async () => {
      await w.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** LiteLLM's proxy (one worker), or null when bench/.venv has no litellm. */
async function startLiteLLM(upPort) {
  const bin = path.join(benchDir, ".venv", "bin", "litellm");
  if (!fs.existsSync(bin)) return { unavailable: `not installed (bench/.venv: pip install 'litellm[proxy]==${LITELLM_VERSION}')` };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aster-bench-litellm-"));
  fs.writeFileSync(
    path.join(dir, "config.yaml"),
    [
      "model_list:",
      "  - model_name: gpt-4o-mini",
      "    litellm_params:",
      "      model: openai/gpt-4o-mini",
      `      api_base: http://127.0.0.1:${upPort}/v1`,
      `      api_key: ${UPSTREAM_KEY}`,
      "litellm_settings:",
      "  telemetry: false",
      "  drop_params: true",
      "general_settings:",
      `  master_key: ${LITELLM_KEY}`,
      "",
    ].join("\n"),
  );
  const port = 40000 + Math.floor(Math.random() * 20000);
  const child = spawn(bin, ["--config", path.join(dir, "config.yaml"), "--host", "127.0.0.1", "--port", String(port), "--num_workers", "1"], {
    cwd: dir,
    env: {
      ...process.env,
      LITELLM_LOCAL_MODEL_COST_MAP: "True",
      LITELLM_TELEMETRY: "False",
      LITELLM_LOG: "ERROR",
      NO_DOCS: "True",
      DISABLE_SCHEMA_UPDATE: "True",
    },
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
  let log = "";
  child.stderr.on("data", (d) => (log = (log + d).slice(-4000)));
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", resolve);
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        child.kill("SIGTERM");
      }
      setTimeout(() => {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // Gone.
        }
      }, 5000).unref();
    }).then(() => fs.rmSync(dir, { recursive: true, force: true }));
  try {
    await waitHttp(`http://127.0.0.1:${port}/health/liveliness`, 120_000);
  } catch (err) {
    await stop();
    return { unavailable: `did not start: ${err.message}\n${log}` };
  }
  return {
    target: {
      host: "127.0.0.1",
      port,
      path: "/v1/chat/completions",
      headers: { authorization: `Bearer ${LITELLM_KEY}`, "content-type": "application/json" },
      body: chatBody("gpt-4o-mini"),
    },
    stop,
    version: LITELLM_VERSION,
  };
}

async function main() {
  const up = await startUpstream();
  const contenders = [
    {
      name: "direct",
      label: "upstream directly (baseline)",
      target: {
        host: "127.0.0.1",
        port: up.port,
        path: "/v1/chat/completions",
        headers: { authorization: `Bearer ${UPSTREAM_KEY}`, "content-type": "application/json" },
        body: chatBody("gpt-4o-mini"),
      },
      stop: () => {},
    },
    { name: "passthrough", label: "pass-through Worker (workerd)", ...(await startPassthrough(up.port)) },
    { name: "floor-js-read", label: "floor: a Worker that reads the stream in JS (workerd)", ...(await startFloor(up.port, "js-read.js")) },
    {
      name: "floor-js-transform",
      label: "floor: a Worker that re-encodes each event in JS (workerd)",
      ...(await startFloor(up.port, "js-transform.js")),
    },
    { name: "aster-gateway", label: "aster gateway (workerd)", ...(await startGateway(up.port)) },
    { name: "litellm", label: `LiteLLM proxy ${LITELLM_VERSION} (1 worker)`, ...(await startLiteLLM(up.port)) },
  ];
  const live = contenders.filter((c) => c.target);
  try {
    for (const c of live) {
      c.latencies = [];
      await sequential(c.target, QUICK ? 20 : 200); // warm-up: connections, JIT
    }
    const per = Math.ceil(REQUESTS / ROUNDS);
    for (let r = 0; r < ROUNDS; r++) {
      for (const c of live) {
        const s = await sequential(c.target, per);
        c.latencies.push(...s.latencies);
        c.bytes = s.bytes;
      }
    }
    for (const c of live) c.loads = [];
    for (let r = 0; r < LOAD_ROUNDS; r++) {
      for (const c of live) c.loads.push(await concurrent(c.target, CONNECTIONS, SECONDS));
    }
  } finally {
    for (const c of contenders) if (c.stop) await c.stop();
    up.stop();
  }
  const direct = live.find((c) => c.name === "direct");
  const dMed = median(direct.latencies);
  const dP99 = quantile(direct.latencies, 0.99);
  const pass = live.find((c) => c.name === "passthrough");
  const pMed = pass ? median(pass.latencies) : null;
  const rows = contenders.map((c) => {
    if (!c.target) return { name: c.name, label: c.label, unavailable: c.unavailable };
    const med = median(c.latencies);
    const p99 = quantile(c.latencies, 0.99);
    const loaded = c.loads.flatMap((l) => l.latencies);
    return {
      name: c.name,
      label: c.label,
      requests: c.latencies.length,
      responseBytes: c.bytes,
      medianMs: med,
      p99Ms: p99,
      addedMedianMs: c.name === "direct" ? 0 : med - dMed,
      addedP99Ms: c.name === "direct" ? 0 : p99 - dP99,
      overPassthroughMs: c.name === "aster-gateway" && pMed !== null ? med - pMed : null,
      // The median round; the share of the pass-through Worker's is the median of the rounds'
      // shares (each against the pass-through's burst of the same round).
      rps: median(c.loads.map((l) => l.rps)),
      rpsVsPassthrough: pass ? median(c.loads.map((l, i) => l.rps / pass.loads[i].rps)) : null,
      loadErrors: c.loads.reduce((n, l) => n + l.errors, 0),
      loadMedianMs: median(loaded),
      loadP99Ms: quantile(loaded, 0.99),
    };
  });
  const rev = spawnSync("git", ["-C", gatewayRoot(), "rev-parse", "--short", "HEAD"], { encoding: "utf8" });
  const gatewayCommit = rev.status === 0 ? rev.stdout.trim() : null;
  const result = { machine: machine(), recording: RECORDING, requests: REQUESTS, connections: CONNECTIONS, seconds: SECONDS, loadRounds: LOAD_ROUNDS, gatewayCommit, rows };
  saveResult("gateway", result);
  console.log(`### Gateway overhead\n\n${machineLine(result.machine)}\n`);
  console.log(gatewayTable(result));
}

export function gatewayTable(r) {
  const gw = r.rows.find((x) => x.name === "aster-gateway" && !x.unavailable);
  const head = `${r.requests} sequential requests (keep-alive) in ${ROUNDS} interleaved rounds after a warm-up, then ${r.loadRounds ?? 1} interleaved round(s) of ${r.connections} connections for ${r.seconds} s (req/s: the median round; ÷ pass-through: the median of the rounds' shares; p99 under load: over every round's requests); upstream answers \`${r.recording}\` on 127.0.0.1; gateway build of commit ${r.gatewayCommit ?? "?"}. "Pass-through Worker" forwards the request unchanged on the same workerd: the runtime's own cost. The two floors (bench/gateway-floors/) parse the request's JSON and read the upstream's stream in JS, one returning each piece unchanged, the other re-encoding each event (JSON.parse + JSON.stringify): what any Worker pays that looks at the stream, before any gateway logic.`;
  return [
    head,
    "",
    table(
      ["path", "median ms", "p99 ms", "added median ms", "added p99 ms", "**added over pass-through** ms", `req/s (${r.connections} conns)`, "÷ pass-through", "p99 under load ms"],
      r.rows.map((x) =>
        x.unavailable
          ? [x.label, "n/a", x.unavailable.split("\n")[0], "", "", "", "", "", ""]
          : [
              x.label,
              fmt(x.medianMs, 3),
              fmt(x.p99Ms, 3),
              x.name === "direct" ? "—" : fmt(x.addedMedianMs, 3),
              x.name === "direct" ? "—" : fmt(x.addedP99Ms, 3),
              x.overPassthroughMs === null || x.overPassthroughMs === undefined ? "—" : `**${fmt(x.overPassthroughMs, 3)}**`,
              fmt(x.rps, 0) + (x.loadErrors ? ` (${x.loadErrors} errors)` : ""),
              x.rpsVsPassthrough === null || x.rpsVsPassthrough === undefined || x.name === "direct" ? "—" : `${fmt(100 * x.rpsVsPassthrough, 0)}%`,
              fmt(x.loadP99Ms, 2),
            ],
      ),
    ),
    gw ? "" : "",
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
