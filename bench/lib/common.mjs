// Shared pieces of the benchmark scripts: paths, the machine, statistics, the recording fetch,
// and Markdown tables.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const benchDir = path.resolve(here, "..");
export const repoRoot = path.resolve(benchDir, "..");
export const resultsDir = path.join(benchDir, "results");

/** The wire-data corpus: env ASTER_CORPUS, default ../shared/corpus from the repo root. */
export function corpusDir() {
  const dir = process.env.ASTER_CORPUS
    ? path.resolve(process.env.ASTER_CORPUS)
    : path.resolve(repoRoot, "..", "shared", "corpus");
  if (!fs.existsSync(dir)) throw new Error(`corpus not found at ${dir} (set ASTER_CORPUS)`);
  return dir;
}

/** The built npm package: env ASTER_PKG_DIR (relative to the repo root), default pkg/. */
export function pkgDir() {
  return path.resolve(repoRoot, process.env.ASTER_PKG_DIR ?? "pkg");
}

/** Imports aster's Node entry (pkg/node.js), as `import ... from "aster"` resolves in Node. */
export function importAster() {
  return import(pathToFileURL(path.join(pkgDir(), "node.js")).href);
}

/**
 * The wasm exports of the loaded aster (for `memory`): the glue's `initSync` returns the
 * instance the entry already made instead of making another. The Node entry loads the
 * speed-first build through its own glue (aster_speed.js; aster.js in older builds).
 */
export async function asterWasm() {
  await importAster();
  const speed = path.join(pkgDir(), "aster_speed.js");
  const glue = await import(pathToFileURL(fs.existsSync(speed) ? speed : path.join(pkgDir(), "aster.js")).href);
  return glue.initSync({ module: new Uint8Array(0) });
}

/** CPU model, cores, memory, Node version, OS and the date, for the tables' header. */
export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus.length ? cpus[0].model.trim() : "unknown",
    cores: cpus.length,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
  };
}

export function machineLine(m = machine()) {
  return `${m.cpu}, ${m.cores} cores, ${m.memGiB} GiB, Node ${m.node}, ${m.os}; ${m.date}`;
}

export function median(xs) {
  return quantile(xs, 0.5);
}

/** Quantile with linear interpolation (xs need not be sorted). */
export function quantile(xs, q) {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/** `n` → "1.23", with the precision a table wants. */
export function fmt(n, digits = 2) {
  if (n === null || n === undefined || Number.isNaN(n)) return "n/a";
  if (!Number.isFinite(n)) return "∞";
  const abs = Math.abs(n);
  if (abs >= 1000) return Math.round(n).toLocaleString("en-US");
  if (abs >= 100) return n.toFixed(Math.max(0, digits - 2));
  if (abs >= 10) return n.toFixed(Math.max(0, digits - 1));
  return n.toFixed(digits);
}

/** A ratio "3.4×" (how many times aster is better), or n/a. */
export function ratio(x) {
  return x === null || x === undefined || !Number.isFinite(x) ? "n/a" : `${x >= 10 ? x.toFixed(1) : x.toFixed(2)}×`;
}

/** A Markdown table from a header row and rows of cells. */
export function table(header, rows) {
  const lines = [`| ${header.join(" | ")} |`, `|${header.map((h, i) => (i === 0 ? "---" : "---:")).join("|")}|`];
  for (const r of rows) lines.push(`| ${r.join(" | ")} |`);
  return lines.join("\n");
}

/** Splits `bytes` into network-sized pieces (views, no copy). */
export function pieces(bytes, size) {
  const out = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, Math.min(i + size, bytes.length)));
  return out;
}

/** A ReadableStream of the given pieces, one per pull, as a socket delivers reads. */
export function streamOf(parts) {
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (i < parts.length) controller.enqueue(parts[i++].slice());
      else controller.close();
    },
  });
}

/**
 * A `fetch` that answers every request with the recording `parts` (status 200, `contentType`),
 * never touching the network. Each call replays from the start.
 */
export function recordingFetch(parts, contentType) {
  return async (_input, init) => {
    if (init && init.body && typeof init.body.cancel === "function") await init.body.cancel();
    return new Response(streamOf(parts), { status: 200, headers: { "content-type": contentType } });
  };
}

/** Writes a measure's results (JSON) for report.mjs. */
export function saveResult(name, data) {
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(path.join(resultsDir, `${name}.json`), JSON.stringify(data, null, 2) + "\n");
}

export function loadResult(name) {
  const f = path.join(resultsDir, `${name}.json`);
  return fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, "utf8")) : null;
}
