// Assembles bench/results/latest.md from the measures' JSON (bench/results/*.json): every
// table, the budgets of DESIGN §6 with met / not met, the machine and how to reproduce.
import fs from "node:fs";
import path from "node:path";
import { fmt, loadResult, machineLine, resultsDir } from "./lib/common.mjs";
import { decodeTables } from "./decode.mjs";
import { sizeTable } from "./size.mjs";
import { coldTable } from "./cold.mjs";
import { memoryTable } from "./memory.mjs";
import { gatewayTable } from "./gateway.mjs";

const KB = 1024;
const MiB = 2 ** 20;

function budgets({ decode, size, cold, memory, gateway }) {
  const out = [];
  const row = (budget, measured, ok) => out.push([budget, measured, ok === null ? "not measured" : ok ? "**met**" : "**not met**"]);
  const aster = size?.rows.find((r) => r.name === "aster");
  row("`.wasm` + JS glue ≤ 150 KB gzip, every provider in", aster ? `${fmt(aster.totalGz / KB, 1)} KB` : "—", aster ? aster.totalGz <= 150 * KB : null);
  const c = cold?.rows.find((r) => r.name === "aster" && !r.error);
  row("import + init + first call in Node ≤ 5 ms", c ? `${fmt(c.totalMs)} ms (import ${fmt(c.importMs)}, init ${fmt(c.initMs)}, first call ${fmt(c.firstCallMs)})` : "—", c ? c.totalMs <= 5 : null);
  for (const [peer, want, what] of [
    ["esp", 1, "eventsource-parser + JSON.parse (the goal beyond: 2×)"],
    ["aisdk-provider", 5, "the AI SDK's provider stream"],
  ]) {
    const ratios = (decode?.streams ?? [])
      .map((s) => [s.name, s.rows.find((r) => r.name === peer && !r.error)?.asterSpeedup])
      .filter(([, x]) => x !== undefined);
    const worst = ratios.length ? Math.min(...ratios.map(([, x]) => x)) : null;
    row(
      `decoding ≥ ${want}× ${want === 1 ? "as fast" : "faster"} per event ${want === 1 ? "as" : "than"} ${what}`,
      ratios.length ? ratios.map(([n, x]) => `${n}: ${x.toFixed(2)}×`).join("; ") : "—",
      worst === null ? null : worst >= want,
    );
  }
  row(
    "100 MB stream: wasm heap stays within a few MB (≤ 4 MiB)",
    memory ? `${fmt(memory.peak.wasm / MiB, 1)} MiB peak (grew ${fmt((memory.peak.wasm - memory.before.wasm) / MiB, 1)} MiB)` : "—",
    memory ? memory.peak.wasm <= 4 * MiB : null,
  );
  const gw = gateway?.rows.find((r) => r.name === "aster-gateway" && !r.unavailable);
  const ll = gateway?.rows.find((r) => r.name === "litellm" && !r.unavailable);
  row(
    "gateway on workerd: median ≤ 0.5 ms added per request",
    gw
      ? `${fmt(gw.overPassthroughMs, 3)} ms over a pass-through Worker on the same workerd (${fmt(gw.addedMedianMs, 3)} ms over calling the upstream directly)`
      : "gateway not available in this run",
    gw ? gw.overPassthroughMs <= 0.5 : null,
  );
  const pass = gateway?.rows.find((r) => r.name === "passthrough" && !r.unavailable);
  const floors = (gateway?.rows ?? []).filter((r) => r.name.startsWith("floor-") && !r.unavailable);
  const floorText = (f) => floors.map((x) => `${x.name.slice("floor-".length)} ${f(x)}`).join(", ");
  const share = (x) => x.rpsVsPassthrough ?? x.rps / pass.rps;
  const tput = gw && pass ? share(gw) : null;
  row(
    "gateway on workerd: throughput on 16 connections ≥ 50% of the pass-through Worker's",
    tput === null
      ? "—"
      : `${fmt(100 * tput, 0)}% (${fmt(gw.rps, 0)} vs ${fmt(pass.rps, 0)} req/s)` +
          (floors.length ? `; the floors: ${floorText((x) => `${fmt(100 * share(x), 0)}%`)}` : ""),
    tput === null ? null : tput >= 0.5,
  );
  row(
    "gateway on workerd: p99 under that load ≤ 10 ms",
    gw
      ? `${fmt(gw.loadP99Ms, 2)} ms (pass-through Worker ${pass ? fmt(pass.loadP99Ms, 2) : "—"} ms` +
          (floors.length ? `; the floors: ${floorText((x) => `${fmt(x.loadP99Ms, 2)} ms`)})` : ")")
      : "—",
    gw ? gw.loadP99Ms <= 10 : null,
  );
  row(
    "gateway overhead far below LiteLLM proxy's",
    gw && ll ? `aster ${fmt(gw.addedMedianMs, 3)} ms vs LiteLLM ${fmt(ll.addedMedianMs, 2)} ms added (median)` : "—",
    gw && ll ? gw.addedMedianMs * 10 <= ll.addedMedianMs : null,
  );
  return ["| budget (DESIGN §6) | measured | |", "|---|---|---|", ...out.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

const r = {
  decode: loadResult("decode"),
  size: loadResult("size"),
  cold: loadResult("cold"),
  memory: loadResult("memory"),
  gateway: loadResult("gateway"),
};
// The figures by name, for tools (DESIGN §6): bench/results/latest.json beside latest.md.
function figures({ decode, size, cold, memory, gateway }) {
  const round = (x, d = 3) => (x === null || x === undefined || !Number.isFinite(x) ? null : Number(x.toFixed(d)));
  const out = { machine: null, size: {}, cold: {}, decode: {}, memory: {}, gateway: {} };
  const browser = size?.rows.find((x) => x.name === "aster");
  const node = size?.rows.find((x) => x.name === "aster-node");
  if (browser) out.size.browserGzipKB = round(browser.totalGz / KB, 1);
  if (browser || node) out.size.nodeGzipKB = round((node ?? browser).totalGz / KB, 1);
  const c = cold?.rows.find((x) => x.name === "aster" && !x.error);
  if (c) Object.assign(out.cold, { importInitFirstCallMs: round(c.totalMs, 2), importMs: round(c.importMs, 2), initMs: round(c.initMs, 2), firstCallMs: round(c.firstCallMs, 2) });
  for (const st of decode?.streams ?? []) {
    const a = st.rows.find((x) => x.name === "aster" && !x.error);
    const esp = st.rows.find((x) => x.name === "esp" && !x.error);
    const ai = st.rows.find((x) => x.name === "aisdk-provider" && !x.error);
    out.decode[st.name] = {
      asterUsPerEvent: round(a?.usPerEvent),
      vsEventsourceParser: round(esp?.asterSpeedup),
      vsAiSdk: round(ai?.asterSpeedup),
    };
  }
  if (memory) Object.assign(out.memory, { wasmPeakMiB: round(memory.peak.wasm / MiB, 2), wasmGrowthMiB: round((memory.peak.wasm - memory.before.wasm) / MiB, 2) });
  const gw = gateway?.rows.find((x) => x.name === "aster-gateway" && !x.unavailable);
  const pass = gateway?.rows.find((x) => x.name === "passthrough" && !x.unavailable);
  if (gw) {
    Object.assign(out.gateway, {
      overheadMs: round(gw.overPassthroughMs),
      throughputVsPassThrough: pass ? round(gw.rpsVsPassthrough ?? gw.rps / pass.rps) : null,
      p99UnderLoadMs: round(gw.loadP99Ms, 2),
      reqPerS: round(gw.rps, 0),
      passThroughReqPerS: pass ? round(pass.rps, 0) : null,
    });
    // The floors' share of the pass-through Worker's throughput, and their p99 under load.
    for (const f of gateway.rows.filter((x) => x.name.startsWith("floor-") && !x.unavailable)) {
      const key = f.name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
      out.gateway[`${key}ThroughputVsPassThrough`] = pass ? round(f.rpsVsPassthrough ?? f.rps / pass.rps) : null;
      out.gateway[`${key}P99UnderLoadMs`] = round(f.loadP99Ms, 2);
    }
  }
  out.machine = decode?.machine ?? size?.machine ?? cold?.machine ?? memory?.machine ?? gateway?.machine ?? null;
  return out;
}

const m = r.decode?.machine ?? r.size?.machine ?? r.cold?.machine;
const parts = [
  "# aster benchmarks — latest run",
  "",
  `Machine: ${m ? machineLine(m) : "unknown"}. Reproduce with \`npm run bench\` at the repo root (see bench/README.md); every peer is measured in the same run on the same bytes.`,
  "",
  "## Budgets",
  "",
  budgets(r),
  "",
];
if (r.decode) {
  const s = r.decode.settings;
  parts.push(
    "## Stream decoding",
    "",
    `Recorded streams from the corpus, each replayed by a \`fetch\` in ${s.pieceBytes}-byte reads to every contender's public streaming API, all objects consumed. CPU time (process.cpuUsage) per event of the recording; MB/s of recording per wall second. Median of ${s.samples} interleaved samples after a warm-up.`,
    "",
    decodeTables(r.decode),
  );
}
if (r.size) parts.push("## Size", "", `esbuild ${r.size.esbuild}, bundle + minify, ESM, browser conditions; gzip -9. Each peer entry makes one streaming call, so tree shaking keeps what an app ships.`, "", sizeTable(r.size), "");
if (r.cold) parts.push("## Cold start", "", `Fresh Node process per sample, median of ${r.cold.runs}; first call = \`${r.cold.recording}\` through a replaying fetch (Node's lazily loaded fetch machinery is loaded before timing, for every contender).`, "", coldTable(r.cold), "");
if (r.memory) parts.push("## Memory", "", memoryTable(r.memory), "");
if (r.gateway) parts.push("## Gateway overhead", "", gatewayTable(r.gateway), "");
fs.writeFileSync(path.join(resultsDir, "latest.md"), parts.join("\n") + "\n");
fs.writeFileSync(path.join(resultsDir, "latest.json"), JSON.stringify(figures(r), null, 2) + "\n");
console.log(`## Budgets\n\n${budgets(r)}\n\nwrote ${path.relative(process.cwd(), path.join(resultsDir, "latest.md"))} and latest.json`);
