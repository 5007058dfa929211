// Shared helpers of the JS tests: the package as a user imports it, the native CLI, the corpus.
import fs from "node:fs";
import path from "node:path";
import os from "node:os";
import zlib from "node:zlib";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { corpusDir } from "../replay/server.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, "..", "..");
export const pkgDir = path.join(repoRoot, process.env.ASTER_PKG_DIR ?? "pkg");

/**
 * The canary credential of the JS tests (the Rust tests use the same string, in
 * tests/common/mod.rs): distinctive, so a test can assert it never appears in an error (its
 * message, stack or any property), a chunk or a response.
 */
export const CANARY = "sk-aster-canary-7Q2x9LmZ4vKp-DO-NOT-LEAK";

/** Fails when the canary is in `value`: a string, or an Error / object with all its own properties. */
export function assertNoCanary(value, where = "a value") {
  let text;
  if (typeof value === "string") text = value;
  else if (value instanceof Error) {
    const props = Object.fromEntries(Object.getOwnPropertyNames(value).map((k) => [k, value[k]]));
    text = `${String(value)}\n${value.stack}\n${JSON.stringify(props)}\n${JSON.stringify(value.cause ?? null)}`;
  } else text = JSON.stringify(value ?? null, (_, v) => (v instanceof Error ? `${v.stack} ${JSON.stringify(Object.fromEntries(Object.getOwnPropertyNames(v).map((k) => [k, v[k]])))}` : v));
  if (text.includes(CANARY)) {
    throw new Error(`the canary key leaked in ${where}: ${text.replaceAll(CANARY, "<CANARY>")}`);
  }
}

/**
 * Imports the built package by its name, through its package.json `exports` (condition
 * `node`), as a user's code would: tests/js/node_modules/aster links to pkg/.
 */
export async function loadAster() {
  if (!fs.existsSync(path.join(pkgDir, "package.json"))) {
    throw new Error(`${pkgDir} is not built: run npm run build`);
  }
  const link = path.join(here, "node_modules", "aster");
  fs.mkdirSync(path.dirname(link), { recursive: true });
  let target = null;
  try {
    target = fs.readlinkSync(link);
  } catch {
    // Not there yet.
  }
  if (target !== pkgDir) {
    fs.rmSync(link, { force: true, recursive: true });
    fs.symlinkSync(pkgDir, link, "dir");
  }
  return import("aster");
}

/** The native CLI (`cargo build` makes it), or null when it is not built. */
export function cliPath() {
  const p = path.join(repoRoot, "target", "debug", "aster");
  return fs.existsSync(p) ? p : null;
}

/** `aster decode --format F --provider P FILE` → the chunk lines it prints (the error too). */
export function nativeDecode(format, provider, file) {
  const cli = cliPath();
  let out;
  try {
    out = execFileSync(cli, ["decode", "--format", format, "--provider", provider, file], { encoding: "utf8" });
  } catch (err) {
    // Exit code 1: the body ended in an error, still printed.
    if (err.status !== 1) throw err;
    out = err.stdout;
  }
  return out
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l));
}

export { corpusDir };

/** The wire format a recorded request went to (from its URI), or null. */
export function formatOfUri(uri) {
  const u = new URL(uri);
  const p = u.pathname;
  if (p.endsWith(":streamGenerateContent") || p.endsWith(":generateContent")) return "gemini";
  if (p.endsWith("/converse-stream") || p.endsWith("/converse")) return "bedrock-converse";
  if (u.hostname === "api.anthropic.com" && p.endsWith("/v1/messages")) return "anthropic";
  if (u.hostname === "api.mistral.ai" && p.endsWith("/chat/completions")) return "mistral";
  if (p.endsWith("/chat/completions")) return "openai-chat";
  if (p.endsWith("/responses")) return "openai-responses";
  return null;
}

const STREAM_BODIES = ["body.sse", "body.eventstream", "body.ndjson"];

/**
 * Every recorded 200 stream in the corpus cassettes: `{format, rel, dir, file, model}`, sorted.
 */
export function streamCassettes() {
  const root = path.join(corpusDir(), "cassettes");
  const out = [];
  for (const provider of fs.readdirSync(root).sort()) {
    const pdir = path.join(root, provider);
    if (!fs.statSync(pdir).isDirectory()) continue;
    for (const kase of fs.readdirSync(pdir).sort()) {
      const cdir = path.join(pdir, kase);
      if (!fs.statSync(cdir).isDirectory()) continue;
      for (const nn of fs.readdirSync(cdir).sort()) {
        const dir = path.join(cdir, nn);
        const body = STREAM_BODIES.find((b) => fs.existsSync(path.join(dir, b)));
        if (!body) continue;
        const req = JSON.parse(fs.readFileSync(path.join(dir, "request.json"), "utf8"));
        const res = JSON.parse(fs.readFileSync(path.join(dir, "response.json"), "utf8"));
        const format = formatOfUri(req.uri);
        if (!format || res.status !== 200) continue;
        const model = (req.body && typeof req.body === "object" && req.body.model) || "test-model";
        out.push({ format, rel: `${provider}/${kase}/${nn}`, dir, file: path.join(dir, body), model });
      }
    }
  }
  return out;
}

/** The Ollama NDJSON streams of the corpus (genai captures). */
export function ollamaStreams() {
  const dir = path.join(corpusDir(), "genai", "ollama_cloud");
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const kase of fs.readdirSync(dir).sort()) {
    for (const f of fs.readdirSync(path.join(dir, kase)).sort()) {
      if (f.startsWith("response_")) out.push({ format: "ollama", rel: `genai/ollama_cloud/${kase}/${f}`, file: path.join(dir, kase, f), model: "gpt-oss:20b" });
    }
  }
  return out;
}

/**
 * The project's own fixtures beside the corpus: Ollama NDJSON streams, Mistral streams rebuilt
 * as SSE from the corpus' decoded events, and TGI streams, which SageMaker sends wrapped in AWS
 * event-stream `PayloadPart` frames (`serve` is the wrapped body, `file` the plain stream the
 * native decoder reads).
 */
export function fixtureStreams() {
  const out = [];
  const fixtures = path.join(repoRoot, "tests", "fixtures");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aster-fixtures-"));
  for (const f of fs.readdirSync(path.join(fixtures, "ollama")).sort()) {
    if (f.endsWith(".ndjson")) {
      out.push({ format: "ollama", rel: `fixtures/ollama/${f}`, file: path.join(fixtures, "ollama", f), model: "llama3.2", contentType: "application/x-ndjson" });
    }
  }
  const mistral = path.join(corpusDir(), "chunks", "mistral");
  for (const f of fs.existsSync(mistral) ? fs.readdirSync(mistral).sort() : []) {
    if (!f.endsWith(".chunks.txt")) continue;
    const lines = fs.readFileSync(path.join(mistral, f), "utf8").split("\n").filter((l) => l.trim() !== "");
    const file = path.join(tmp, f.replace(".chunks.txt", ".sse"));
    fs.writeFileSync(file, lines.map((l) => `data: ${l}\n\n`).join("") + "data: [DONE]\n\n");
    out.push({ format: "mistral", rel: `chunks/mistral/${f}`, file, model: "mistral-large-latest", contentType: "text/event-stream" });
  }
  for (const f of fs.readdirSync(path.join(fixtures, "tgi")).sort()) {
    if (!f.endsWith(".sse")) continue;
    const file = path.join(fixtures, "tgi", f);
    const serve = path.join(tmp, f.replace(".sse", ".eventstream"));
    fs.writeFileSync(serve, payloadParts(fs.readFileSync(file), 37));
    out.push({ format: "tgi", rel: `fixtures/tgi/${f}`, file, serve, model: "tgi-endpoint", contentType: "application/vnd.amazon.eventstream" });
  }
  return out;
}

/** One AWS event-stream frame with string headers. */
export function eventStreamFrame(headers, payload) {
  const hs = [];
  for (const [name, value] of Object.entries(headers)) {
    const n = Buffer.from(name);
    const v = Buffer.from(value);
    const h = Buffer.alloc(1 + n.length + 1 + 2 + v.length);
    h.writeUInt8(n.length, 0);
    n.copy(h, 1);
    h.writeUInt8(7, 1 + n.length); // string
    h.writeUInt16BE(v.length, 2 + n.length);
    v.copy(h, 4 + n.length);
    hs.push(h);
  }
  const headerBytes = Buffer.concat(hs);
  const total = 12 + headerBytes.length + payload.length + 4;
  const prelude = Buffer.alloc(12);
  prelude.writeUInt32BE(total, 0);
  prelude.writeUInt32BE(headerBytes.length, 4);
  prelude.writeUInt32BE(zlib.crc32(prelude.subarray(0, 8)), 8);
  const body = Buffer.concat([prelude, headerBytes, payload]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body), 0);
  return Buffer.concat([body, crc]);
}

/** A SageMaker response stream: `body` split into `PayloadPart` frames of `size` bytes. */
export function payloadParts(body, size) {
  const frames = [];
  for (let i = 0; i < body.length; i += size) {
    frames.push(
      eventStreamFrame(
        { ":event-type": "PayloadPart", ":content-type": "application/octet-stream", ":message-type": "event" },
        body.subarray(i, i + size),
      ),
    );
  }
  return Buffer.concat(frames);
}

/** A client config of the provider that speaks `format`, pointed at `base`. */
export function configFor(format, base, model, apiKey = "sk-test-key") {
  switch (format) {
    case "anthropic":
      return { type: "anthropic", apiKey, model, baseUrl: `${base}/v1` };
    case "openai-chat":
      return { type: "openai", apiKey, model, baseUrl: `${base}/v1` };
    case "openai-responses":
      return { type: "openai", api: "responses", apiKey, model, baseUrl: `${base}/v1` };
    case "mistral":
      return { type: "mistral", apiKey, model, baseUrl: `${base}/v1` };
    case "gemini":
      return { type: "google", apiKey, model, baseUrl: `${base}/v1beta` };
    case "bedrock-converse":
      return {
        type: "bedrock",
        model,
        region: "us-east-1",
        accessKeyId: "AKIDEXAMPLE",
        secretAccessKey: apiKey,
        baseUrl: base,
      };
    case "ollama":
      return { type: "ollama", model, baseUrl: base };
    case "tgi":
      return {
        type: "sagemaker_tgi",
        model,
        region: "us-east-1",
        accessKeyId: "AKIDEXAMPLE",
        secretAccessKey: apiKey,
        baseUrl: base,
      };
    default:
      throw new Error(`no provider for ${format}`);
  }
}

/** The aster provider name a config of `format` reports. */
export const providerOf = {
  anthropic: "anthropic",
  "openai-chat": "openai",
  "openai-responses": "openai",
  mistral: "mistral",
  gemini: "google",
  "bedrock-converse": "bedrock",
  ollama: "ollama",
  tgi: "sagemaker_tgi",
};

/**
 * Chunks as the bare decoder would give them: without `totalCost` (the client prices usage
 * from the catalog) and, in an estimated usage, without `inputTokens` (the client estimates
 * the prompt from the request; a decoder alone has no request).
 */
export function withoutCost(chunks) {
  return chunks.map((c) => {
    if (c.type !== "usage") return c;
    const { totalCost: _cost, ...rest } = c;
    if (rest.estimated) delete rest.inputTokens;
    return rest;
  });
}

/** Reads a whole stream: `{chunks, error}`; `onChunk(chunk, index)` sees each chunk as it arrives. */
export async function drain(stream, onChunk = () => {}) {
  const chunks = [];
  try {
    for await (const c of stream) {
      chunks.push(c);
      onChunk(c, chunks.length - 1);
    }
    return { chunks, error: null };
  } catch (error) {
    return { chunks, error };
  }
}

/** Piece sizes from a seeded generator (xorshift), so a failure can be replayed. */
export function randomPieces(seed, max, n = 64) {
  let x = seed >>> 0 || 1;
  const out = [];
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out.push(1 + (x % max));
  }
  return out;
}
