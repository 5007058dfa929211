// Size: aster's .wasm + JS glue (gzip) vs each peer bundled for the browser with esbuild
// (bundle, minify, ESM, browser conditions), gzip -9, for one provider and for all of them.
// Each peer entry makes a real streaming call so tree shaking keeps what a user ships.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { build } from "esbuild";
import { benchDir, fmt, machine, machineLine, pkgDir, ratio, saveResult, table } from "./lib/common.mjs";

const work = path.join(benchDir, ".build", "size");

const gz = (buf) => zlib.gzipSync(buf, { level: 9 }).length;
const kb = (n) => n / 1024;

// The AI SDK providers that cover aster's providers (OpenAI-compatible hosts — OpenRouter,
// LiteLLM, Venice, Databricks, Snowflake, Ollama's /v1 — through openai-compatible).
const AI_SDK_ALL = [
  ["@ai-sdk/openai", "createOpenAI"],
  ["@ai-sdk/anthropic", "createAnthropic"],
  ["@ai-sdk/google", "createGoogleGenerativeAI"],
  ["@ai-sdk/azure", "createAzure"],
  ["@ai-sdk/amazon-bedrock", "createAmazonBedrock"],
  // The browser/edge builds (the default ones need Node's google-auth-library).
  ["@ai-sdk/google-vertex/edge", "createVertex"],
  ["@ai-sdk/google-vertex/anthropic/edge", "createVertexAnthropic"],
  ["@ai-sdk/mistral", "createMistral"],
  ["@ai-sdk/xai", "createXai"],
  ["@ai-sdk/openai-compatible", "createOpenAICompatible"],
];

const STREAM_CALL = `
export async function run(model, prompt) {
  const r = streamText({ model, prompt });
  for await (const part of r.fullStream) console.log(part);
}`;

const ENTRIES = [
  {
    name: "eventsource-parser",
    label: "eventsource-parser (framing only, no provider logic)",
    scope: "—",
    code: `import { createParser } from "eventsource-parser";
export async function run(res) {
  const p = createParser({ onEvent: (e) => console.log(JSON.parse(e.data)) });
  const d = new TextDecoder();
  for await (const b of res.body) p.feed(d.decode(b, { stream: true }));
}`,
  },
  {
    name: "openai",
    label: "openai SDK",
    scope: "OpenAI",
    code: `import OpenAI from "openai";
export async function run(apiKey) {
  const c = new OpenAI({ apiKey, dangerouslyAllowBrowser: true });
  const s = await c.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }], stream: true });
  for await (const x of s) console.log(x);
}`,
  },
  {
    name: "anthropic",
    label: "@anthropic-ai/sdk",
    scope: "Anthropic",
    code: `import Anthropic from "@anthropic-ai/sdk";
export async function run(apiKey) {
  const c = new Anthropic({ apiKey, dangerouslyAllowBrowser: true });
  const s = await c.messages.create({ model: "claude-sonnet-4-5", max_tokens: 100, messages: [{ role: "user", content: "hi" }], stream: true });
  for await (const x of s) console.log(x);
}`,
  },
  {
    name: "aisdk-provider-openai",
    label: "@ai-sdk/openai alone (`doStream`, no `ai`)",
    scope: "OpenAI",
    code: `import { createOpenAI } from "@ai-sdk/openai";
export async function run(apiKey) {
  const { stream } = await createOpenAI({ apiKey }).chat("gpt-4o").doStream({ prompt: [{ role: "user", content: [{ type: "text", text: "hi" }] }] });
  for await (const x of stream) console.log(x);
}`,
  },
  {
    name: "aisdk-one",
    label: "`ai` + @ai-sdk/openai",
    scope: "OpenAI",
    code: `import { streamText } from "ai";
import { createOpenAI } from "@ai-sdk/openai";
export const model = (apiKey) => createOpenAI({ apiKey })("gpt-4o");${STREAM_CALL}`,
  },
  {
    name: "aisdk-all",
    label: `\`ai\` + ${AI_SDK_ALL.length} providers`,
    scope: AI_SDK_ALL.map(([p]) => p.replace("@ai-sdk/", "").replace("/edge", "")).join(", "),
    code: `import { streamText } from "ai";
${AI_SDK_ALL.map(([p, f]) => `import { ${f} } from "${p}";`).join("\n")}
export const providers = [${AI_SDK_ALL.map(([, f]) => f).join(", ")}];${STREAM_CALL}`,
  },
];

async function bundle(name, code) {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  const entry = path.join(dir, "entry.mjs");
  fs.writeFileSync(entry, code);
  const r = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    absWorkingDir: benchDir,
    nodePaths: [path.join(benchDir, "node_modules")],
    logLevel: "silent",
    loader: { ".wasm": "file" },
    outdir: dir,
  });
  let js = 0;
  let jsGz = 0;
  let wasm = 0;
  let wasmGz = 0;
  for (const f of r.outputFiles) {
    if (f.path.endsWith(".js")) {
      js += f.contents.length;
      jsGz += gz(f.contents);
    } else if (f.path.endsWith(".wasm")) {
      wasm += f.contents.length;
      wasmGz += gz(f.contents);
    }
  }
  return { js, jsGz, wasm, wasmGz, total: js + wasm, totalGz: jsGz + wasmGz };
}

async function asterSize() {
  const dir = pkgDir();
  const wasmBytes = fs.readFileSync(path.join(dir, "aster_bg.wasm"));
  // The JS a browser loads: the browser entry, core.js, the wasm-bindgen glue and its snippets,
  // bundled like the peers; the .wasm beside it.
  const b = await bundle("aster", `export * from ${JSON.stringify(path.join(dir, "browser.js"))};`);
  const wasmGz = gz(wasmBytes);
  return { js: b.js, jsGz: b.jsGz, wasm: wasmBytes.length, wasmGz, total: b.js + wasmBytes.length, totalGz: b.jsGz + wasmGz };
}

// The `node` and `workerd` entries load the speed-first .wasm (opt-level 3) instead; their JS is
// the browser's but for the two lines that load the module, so the same JS figure is used.
function asterNodeSize(browser) {
  const f = path.join(pkgDir(), "aster_speed_bg.wasm");
  if (!fs.existsSync(f)) return null;
  const wasmBytes = fs.readFileSync(f);
  const wasmGz = gz(wasmBytes);
  return { ...browser, wasm: wasmBytes.length, wasmGz, total: browser.js + wasmBytes.length, totalGz: browser.jsGz + wasmGz };
}

async function main() {
  const rows = [];
  const aster = await asterSize();
  rows.push({ name: "aster", label: "aster (.wasm + JS glue, `browser` entry)", scope: "all 15 providers (always)", ...aster });
  const node = asterNodeSize(aster);
  if (node) rows.push({ name: "aster-node", label: "aster, `node`/`workerd` entry (speed-first .wasm; not shipped to browsers)", scope: "all 15 providers (always)", ...node });
  for (const e of ENTRIES) {
    try {
      rows.push({ name: e.name, label: e.label, scope: e.scope, ...(await bundle(e.name, e.code)) });
    } catch (err) {
      rows.push({ name: e.name, label: e.label, scope: e.scope, error: String(err.message).split("\n")[0] });
    }
  }
  const result = { machine: machine(), esbuild: (await import("esbuild")).version, rows };
  saveResult("size", result);
  console.log(`### Size\n\n${machineLine(result.machine)}; esbuild ${result.esbuild} (bundle, minify, ESM, browser), gzip -9\n`);
  console.log(sizeTable(result));
}

export function sizeTable(result) {
  const aster = result.rows.find((r) => r.name === "aster");
  return table(
    ["package", "providers", "minified KB", "gzip KB", "aster gzip ÷ this (< 1: aster smaller)"],
    result.rows.map((r) =>
      r.error
        ? [r.label, r.scope, "error", r.error, ""]
        : [
            r.label,
            r.scope,
            r.wasm ? `${fmt(kb(r.js), 1)} JS + ${fmt(kb(r.wasm), 1)} wasm` : fmt(kb(r.js), 1),
            r.wasm ? `**${fmt(kb(r.totalGz), 1)}** (${fmt(kb(r.jsGz), 1)} JS + ${fmt(kb(r.wasmGz), 1)} wasm)` : fmt(kb(r.totalGz), 1),
            r.name === "aster" || r.name === "aster-node" ? "—" : ratio(aster.totalGz / r.totalGz),
          ],
    ),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
