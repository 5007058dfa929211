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
    ["esp", 2, "eventsource-parser + JSON.parse"],
    ["aisdk-provider", 5, "the AI SDK's provider stream"],
  ]) {
    const ratios = (decode?.streams ?? [])
      .map((s) => [s.name, s.rows.find((r) => r.name === peer && !r.error)?.asterSpeedup])
      .filter(([, x]) => x !== undefined);
    const worst = ratios.length ? Math.min(...ratios.map(([, x]) => x)) : null;
    row(
      `decoding ≥ ${want}× faster per event than ${what}`,
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
console.log(`## Budgets\n\n${budgets(r)}\n\nwrote ${path.relative(process.cwd(), path.join(resultsDir, "latest.md"))}`);
