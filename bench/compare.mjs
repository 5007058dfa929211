// Decoding speed of several builds of the package against each other and against
// eventsource-parser + JSON.parse, interleaved in one process on the bench's recordings (the
// way to measure one change on a busy machine: the ratios hold where absolute times do not).
//
//   node --expose-gc bench/compare.mjs pkg-before pkg-after [...]     (directories with node.js)
//
// Env: STREAMS (comma-separated name prefixes, default all), SAMPLES (9), STAT (median | min:
// the minimum is the steadier figure when other processes compete for the cores; p10: the
// 10th percentile of single runs' wall time, the steadiest when the machine is very busy, as
// a run rarely loses the core during its few hundred microseconds), DECODER=1
// (time the decoding alone: `new Decoder(format)`, `feed` of the whole recording, `finish`,
// without the call around it; eventsource-parser is then left out: it has no such mode),
// PERCALL=1 (where a call's time goes: beside the contenders, `fetch` alone — the replaying
// fetch and a read of every piece — and each build's decoding alone, `<dir>:decoder`; figures
// per call, not per event).
import path from "node:path";
import { pathToFileURL } from "node:url";
import { PEERS } from "./lib/peers.mjs";
import { loadRecordings, loadSynthetic } from "./lib/streams.mjs";
import { median, quantile } from "./lib/common.mjs";

const gc = globalThis.gc ?? (() => {});
const recs = loadRecordings();
const all = [...recs, loadSynthetic(recs)];
const want = process.env.STREAMS?.split(",");
const streams = want ? all.filter((s) => want.some((w) => s.name.startsWith(w))) : all;
const SAMPLES = Number(process.env.SAMPLES ?? 9);
const stat = process.env.STAT === "min" ? (xs) => Math.min(...xs) : median;
const builds = process.argv.slice(2);
if (builds.length === 0) {
  console.error("usage: node --expose-gc bench/compare.mjs PKG_DIR [PKG_DIR ...]");
  process.exit(2);
}
const esp = PEERS.find((p) => p.name === "esp");
const aster = PEERS.find((p) => p.name === "aster");
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const decoderOnly = process.env.DECODER === "1";

// The decoding alone, through the package's `Decoder` (one `feed` of the whole body).
async function decoderRun(dir, s) {
  const { Decoder } = await import(pathToFileURL(path.join(path.resolve(dir), "node.js")).href);
  return async () => {
    const d = new Decoder(s.format);
    const n = d.feed(s.bytes).length + d.finish().length;
    d.free();
    return n;
  };
}

const perCall = process.env.PERCALL === "1";

// The replaying fetch alone: what every contender's call pays before any decoding.
function fetchRun(s) {
  return async () => {
    const res = await s.fetch("http://bench.invalid/stream", { method: "POST", body: "{}" });
    const reader = res.body.getReader();
    let n = 0;
    while (!(await reader.read()).done) n++;
    return n;
  };
}

for (const s of streams) {
  const cs = [];
  if (perCall) {
    cs.push({ name: "fetch", run: fetchRun(s) });
    for (const dir of builds) cs.push({ name: `${dir}:decoder`, run: await decoderRun(dir, s) });
  }
  if (!decoderOnly && esp.formats.includes(s.format)) cs.push({ name: "esp", run: await esp.make(s) });
  for (const dir of builds) {
    if (decoderOnly) {
      cs.push({ name: dir, run: await decoderRun(dir, s) });
      continue;
    }
    // The bench's own aster contender, pointed at this build.
    process.env.ASTER_PKG_DIR = path.resolve(dir);
    cs.push({ name: dir, run: await aster.make(s) });
  }
  for (const c of cs) {
    const t0 = performance.now();
    let n = 0;
    while (performance.now() - t0 < 300 || n < 3) {
      c.objects = await c.run();
      n++;
    }
    c.k = Math.max(1, Math.ceil(40 / ((performance.now() - t0) / n)));
    c.cpu = [];
  }
  if (process.env.STAT === "p10") {
    // Single runs, interleaved: the wall time of each, the 10th percentile per contender.
    for (const c of cs) c.runs = [];
    for (let r = 0; r < SAMPLES * 40; r++) {
      if (r % 40 === 0) gc();
      for (const c of cs) {
        const t0 = performance.now();
        await c.run();
        c.runs.push(performance.now() - t0);
      }
    }
    for (const c of cs) c.us = (quantile(c.runs, 0.1) * 1000) / s.events;
    report(s, cs);
    continue;
  }
  for (let r = 0; r < SAMPLES; r++) {
    for (let j = 0; j < cs.length; j++) {
      const c = cs[(r + j) % cs.length];
      gc();
      const c0 = cpu();
      for (let i = 0; i < c.k; i++) await c.run();
      c.cpu.push((cpu() - c0) / c.k);
    }
  }
  for (const c of cs) c.us = (stat(c.cpu) * 1000) / s.events;
  report(s, cs);
}

function report(s, cs) {
  if (perCall) {
    console.log(`${s.name}: ${cs.map((c) => `${c.name} ${(c.us * s.events).toFixed(0)} µs/call`).join(" · ")}`);
    return;
  }
  const e = cs.find((c) => c.name === "esp");
  const cells = cs.map((c) => `${c.name} ${c.us.toFixed(2)} µs/event${e && c !== e ? ` (${(e.us / c.us).toFixed(2)}× esp)` : ""}`);
  console.log(`${s.name}: ${cells.join(" · ")}`);
}
