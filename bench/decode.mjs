// Stream decoding: CPU time per event and MB/s turning recorded streams into JS objects, aster
// through `client.stream` vs its peers, all fed the same bytes in the same process by a `fetch`
// that replays the recording in network-sized pieces. Warm-up, then interleaved samples
// (each sample runs a call enough times to last >= BENCH_SAMPLE_MS), median.
//
// Env: BENCH_SAMPLES (11), BENCH_SAMPLE_MS (40), BENCH_PIECE_BYTES (16384), BENCH_QUICK=1
// (3 samples, for a smoke run).
import { PEERS } from "./lib/peers.mjs";
import { loadRecordings, loadSynthetic, PIECE_BYTES } from "./lib/streams.mjs";
import { fmt, machine, machineLine, median, ratio, saveResult, table } from "./lib/common.mjs";

const QUICK = process.env.BENCH_QUICK === "1";
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? (QUICK ? 3 : 11));
const SAMPLE_MS = Number(process.env.BENCH_SAMPLE_MS ?? 40);
const WARMUP_MS = QUICK ? 100 : 400;

const gc = typeof globalThis.gc === "function" ? globalThis.gc : () => {};

function cpuMs() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function timeRuns(run, k) {
  gc();
  const c0 = cpuMs();
  const t0 = performance.now();
  for (let i = 0; i < k; i++) await run();
  return { wall: (performance.now() - t0) / k, cpu: (cpuMs() - c0) / k };
}

async function measureStream(s) {
  const contenders = [];
  for (const p of PEERS.filter((p) => p.formats.includes(s.format))) {
    const c = { peer: p, run: null, objects: null, error: null, k: 1, wall: [], cpu: [] };
    try {
      c.run = await p.make(s);
      c.objects = await c.run();
      if (!(c.objects > 0)) throw new Error("produced no objects");
    } catch (err) {
      c.error = String(err && err.message ? err.message : err).split("\n")[0];
      c.run = null;
    }
    contenders.push(c);
  }
  const live = contenders.filter((c) => c.run);
  // Warm-up (JIT tiers, wasm tier-up), and how many calls one sample needs.
  for (const c of live) {
    const t0 = performance.now();
    let n = 0;
    while (n < 3 || performance.now() - t0 < WARMUP_MS) {
      await c.run();
      n++;
      if (performance.now() - t0 > 4 * WARMUP_MS && n >= 2) break;
    }
    const per = (performance.now() - t0) / n;
    c.k = Math.max(1, Math.ceil(SAMPLE_MS / per));
  }
  // Interleaved samples: every contender once per round, the order rotating each round.
  for (let round = 0; round < SAMPLES; round++) {
    for (let j = 0; j < live.length; j++) {
      const c = live[(round + j) % live.length];
      const t = await timeRuns(c.run, c.k);
      c.wall.push(t.wall);
      c.cpu.push(t.cpu);
    }
  }
  const rows = contenders.map((c) => {
    if (c.error) return { name: c.peer.name, label: c.peer.label, error: c.error };
    const cpu = median(c.cpu);
    const wall = median(c.wall);
    return {
      name: c.peer.name,
      label: c.peer.label,
      objects: c.objects,
      cpuMsPerCall: cpu,
      wallMsPerCall: wall,
      usPerEvent: (cpu * 1000) / s.events,
      mbPerS: s.bytes.length / 1e6 / (wall / 1000),
      callsPerSample: c.k,
    };
  });
  const aster = rows.find((r) => r.name === "aster" && !r.error);
  for (const r of rows) {
    if (!r.error && aster) r.asterSpeedup = r.usPerEvent / aster.usPerEvent;
  }
  return { name: s.name, format: s.format, file: s.file, bytes: s.bytes.length, events: s.events, rows };
}

export function decodeTables(result) {
  const out = [];
  for (const s of result.streams) {
    out.push(
      `**${s.name}** — \`${s.file}\`, ${(s.bytes / 1024).toFixed(s.bytes > 1e6 ? 0 : 1)} KiB, ${s.events} events`,
      "",
      table(
        ["contender", "objects out", "CPU µs / event", "MB/s", "aster speed ÷ this (> 1: aster faster)"],
        s.rows.map((r) =>
          r.error
            ? [r.label, "error", r.error, "", ""]
            : [r.label, String(r.objects), fmt(r.usPerEvent), fmt(r.mbPerS, 1), r.name === "aster" ? "—" : ratio(r.asterSpeedup)],
        ),
      ),
      "",
    );
  }
  return out.join("\n");
}

async function main() {
  const recordings = loadRecordings();
  const streams = [...recordings, loadSynthetic(recordings)];
  const result = {
    machine: machine(),
    settings: { samples: SAMPLES, sampleMs: SAMPLE_MS, pieceBytes: PIECE_BYTES, gc: typeof globalThis.gc === "function" },
    streams: [],
  };
  for (const s of streams) {
    process.stderr.write(`decode: ${s.name} ...\n`);
    result.streams.push(await measureStream(s));
  }
  saveResult("decode", result);
  console.log(`### Stream decoding\n\n${machineLine(result.machine)}; ${PIECE_BYTES}-byte reads, median of ${SAMPLES} samples\n`);
  console.log(decodeTables(result));
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
