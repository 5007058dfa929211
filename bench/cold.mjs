// Cold start: import + init + first call (a recorded OpenAI chat stream through a replaying
// fetch), each contender in fresh Node processes, BENCH_COLD_RUNS times (15), interleaved;
// median. `node` is an empty process for reference: "process wall" includes Node's own start.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { benchDir, corpusDir, fmt, machine, machineLine, median, pkgDir, saveResult, table } from "./lib/common.mjs";

const RUNS = Number(process.env.BENCH_COLD_RUNS ?? (process.env.BENCH_QUICK === "1" ? 3 : 15));
const RECORDING = "cassettes/openai/test_openai_moderation_stream/00/body.sse";
const CONTENDERS = [
  ["node", "empty Node process (reference)"],
  ["aster", "aster (`import` + `new Client` + `client.stream`)"],
  ["esp", "eventsource-parser + JSON.parse"],
  ["openai", "openai SDK"],
  ["aisdk-provider", "@ai-sdk/openai (`doStream`)"],
  ["aisdk-streamtext", "`ai` `streamText` + @ai-sdk/openai"],
];

function once(name) {
  const file = path.join(corpusDir(), RECORDING);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [path.join(benchDir, "cold-child.mjs"), name, file, path.join(pkgDir(), "node.js")], {
    cwd: benchDir,
    encoding: "utf8",
  });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${name}: ${r.stderr.split("\n").slice(0, 4).join(" ")}`);
  return { ...JSON.parse(r.stdout.trim().split("\n").pop()), processMs: wall };
}

async function main() {
  const samples = new Map(CONTENDERS.map(([n]) => [n, []]));
  const errors = new Map();
  once("node"); // the first spawn pays for the page cache
  for (let i = 0; i < RUNS; i++) {
    for (const [n] of CONTENDERS) {
      if (errors.has(n)) continue;
      try {
        samples.get(n).push(once(n));
      } catch (err) {
        errors.set(n, err.message);
      }
    }
  }
  const rows = CONTENDERS.map(([name, label]) => {
    if (errors.has(name)) return { name, label, error: errors.get(name) };
    const s = samples.get(name);
    const m = (k) => median(s.map((x) => x[k]));
    return { name, label, objects: s[0].objects, importMs: m("importMs"), initMs: m("initMs"), firstCallMs: m("firstCallMs"), totalMs: m("totalMs"), processMs: m("processMs") };
  });
  const aster = rows.find((r) => r.name === "aster" && !r.error);
  const result = { machine: machine(), runs: RUNS, recording: RECORDING, rows };
  saveResult("cold", result);
  console.log(`### Cold start\n\n${machineLine(result.machine)}; median of ${RUNS} fresh processes; first call = \`${RECORDING}\`\n`);
  console.log(coldTable(result, aster));
}

export function coldTable(result) {
  const aster = result.rows.find((r) => r.name === "aster" && !r.error);
  return table(
    ["contender", "import ms", "init ms", "first call ms", "**import + init + first call** ms", "process wall ms", "aster speed ÷ this"],
    result.rows.map((r) =>
      r.error
        ? [r.label, "error", r.error, "", "", "", ""]
        : [
            r.label,
            fmt(r.importMs),
            fmt(r.initMs),
            fmt(r.firstCallMs),
            r.name === "node" ? "—" : `**${fmt(r.totalMs)}**`,
            fmt(r.processMs, 1),
            r.name === "aster" || r.name === "node" || !aster ? "—" : `${(r.totalMs / aster.totalMs).toFixed(2)}×`,
          ],
    ),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
