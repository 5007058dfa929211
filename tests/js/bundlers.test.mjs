// The package where users run it, built and run for real:
//   - Node >= 20 as ESM: a fresh process imports the package by name and streams;
//   - a page built by Vite, loaded in headless Chromium (playwright-core, the system browser);
//   - a Worker bundled by wrangler (`deploy --dry-run`) and run on workerd (`wrangler dev`);
// streaming and `client.embed` in each.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadAster, repoRoot, drain, withoutCost } from "./setup.mjs";
import { startReplay } from "../replay/server.mjs";
import { bin, wrangler, run, serveDir, launchChromium, wranglerEnv, wranglerDev } from "./runtimes.mjs";

const here = path.join(repoRoot, "tests", "js");
const CASSETTE = "anthropic/test_anthropic_model_thinking_part_stream/00";

let aster;
let replay;
let tmp;

before(async () => {
  aster = await loadAster();
  replay = await startReplay();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aster-bundlers-"));
});

after(async () => {
  await replay.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** The chunks the package itself decodes for the cassette (what every runtime must yield). */
async function expectedChunks() {
  replay.enqueue("expected", { cassette: CASSETTE });
  const c = new aster.Client(
    { type: "anthropic", apiKey: "k", model: "claude-sonnet-4-20250514", baseUrl: `${replay.base("expected")}/v1` },
    { env: {} },
  );
  const { chunks, error } = await drain(c.stream({ messages: [{ role: "user", content: "Hello" }] }));
  assert.equal(error, null);
  return withoutCost(chunks);
}

/** An OpenAI embeddings answer: two vectors, 4 tokens. */
const EMBED_STEP = {
  headers: { "content-type": "application/json" },
  json: {
    object: "list",
    data: [
      { object: "embedding", index: 0, embedding: [0.6, 0.8] },
      { object: "embedding", index: 1, embedding: [1, 0] },
    ],
    model: "text-embedding-3-small",
    usage: { prompt_tokens: 4, total_tokens: 4 },
  },
  pieceSize: 17,
};

function assertEmbed(embed) {
  assert.deepEqual(embed.embeddings, [[0.6, 0.8], [1, 0]]);
  assert.equal(embed.usage.inputTokens, 4);
  assert.ok(embed.usage.totalCost > 0);
}

test("Node ESM: a fresh process imports the package by name and streams", () => {
  const script = `
    import { Client } from "aster";
    const c = new Client({ type: "mock", chunkSize: 5 }, { env: {} });
    const out = [];
    for await (const x of c.stream({ messages: [{ role: "user", content: "hi" }] })) out.push(x.type);
    console.log(JSON.stringify({ node: process.versions.node, out }));
  `;
  // The system Node (>= 20), not the Node 22 that npm scripts put first on PATH for wrangler.
  const node = process.env.ASTER_TEST_NODE ?? process.execPath;
  const res = JSON.parse(run(node, ["--input-type=module", "-e", script], { cwd: here }));
  assert.ok(Number(res.node.split(".")[0]) >= 20);
  assert.equal(res.out[0], "metadata");
  assert.deepEqual(res.out.slice(-2), ["usage", "finish"]);
});

test("Vite: a built page imports the package and streams in headless Chromium", async () => {
  const outDir = path.join(tmp, "vite-dist");
  run(bin("vite"), ["build", "--logLevel", "warn", "--outDir", outDir, "--emptyOutDir"], {
    cwd: path.join(here, "vite-app"),
  });
  const assets = fs.readdirSync(path.join(outDir, "assets"));
  assert.ok(assets.some((f) => f.endsWith(".wasm")), `Vite emitted the .wasm: ${assets}`);

  const expected = await expectedChunks();
  replay.enqueue("page", { cassette: CASSETTE, pieceSize: 50 });
  replay.enqueue("page-embed", EMBED_STEP);
  const server = await serveDir(outDir);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    const url = `http://127.0.0.1:${server.address().port}/?replay=${encodeURIComponent(replay.base("page"))}&embed=${encodeURIComponent(replay.base("page-embed"))}`;
    await page.goto(url);
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 30_000 });
    const result = await page.evaluate(() => window.__result);
    assert.deepEqual(errors, []);
    assert.equal(result.error, undefined, result.error);
    assert.equal(result.guard, "config", "a key in a page needs dangerouslyAllowBrowser");
    assert.ok(result.mock.some((c) => c.type === "tool_call" && c.input.location === "Paris"));
    assert.deepEqual(withoutCost(result.stream), expected);
    assert.equal(result.mockEmbed.embeddings.length, 2);
    assert.equal(result.mockEmbed.embeddings[0].length, 16);
    assertEmbed(result.embed);
    const sent = replay.requests.find((r) => r.scenario === "page-embed");
    assert.deepEqual(JSON.parse(sent.body), { model: "text-embedding-3-small", input: ["a", "b"], dimensions: 2 });
  } finally {
    await browser.close();
    server.close();
  }
});

test("Worker: bundled by wrangler, run on workerd, streams through the Worker's fetch", async () => {
  const workerDir = path.join(here, "worker");
  const env = wranglerEnv(tmp);
  // Bundling alone (no network): the .wasm must travel as a module beside the script.
  const outdir = path.join(tmp, "worker-dist");
  run(...wrangler(["deploy", "--dry-run", "--outdir", outdir]), { cwd: workerDir, env });
  const files = fs.readdirSync(outdir);
  assert.ok(files.includes("index.js"), `${files}`);
  assert.ok(files.some((f) => f.endsWith(".wasm")), `the .wasm is a separate module: ${files}`);
  assert.ok(!fs.readFileSync(path.join(outdir, "index.js"), "utf8").includes("WebAssembly.compile("));

  const expected = await expectedChunks();
  const dev = await wranglerDev(workerDir, env);
  try {
    const base = dev.base;
    const mock = await (await fetch(`${base}/mock`)).json();
    assert.equal(mock[0].type, "metadata");
    assert.equal(mock.at(-1).type, "finish");
    assert.match(mock.filter((c) => c.type === "text").map((c) => c.text).join(""), /hi from a Worker/);

    const fromEnv = await (await fetch(`${base}/env`)).json();
    assert.deepEqual(fromEnv, { provider: "anthropic", model: "claude-sonnet-4-5", kv: "object" });

    replay.enqueue("worker", { cassette: CASSETTE, pieceSize: 64 });
    const streamed = await (await fetch(`${base}/stream?base=${encodeURIComponent(replay.base("worker"))}`)).json();
    assert.deepEqual(withoutCost(streamed), expected);

    replay.enqueue("worker-err", { status: 401, json: { type: "error", error: { type: "authentication_error", message: "bad key" } } });
    const failed = await fetch(`${base}/error?base=${encodeURIComponent(replay.base("worker-err"))}`);
    assert.equal(failed.status, 500);
    assert.equal((await failed.json()).error.code, "authentication");

    replay.enqueue("worker-embed", EMBED_STEP);
    const embedded = await (await fetch(`${base}/embed?base=${encodeURIComponent(replay.base("worker-embed"))}`)).json();
    assert.equal(embedded.error, undefined, JSON.stringify(embedded.error));
    assert.equal(embedded.mock.embeddings[0].length, 4);
    assertEmbed(embedded.embed);
  } finally {
    await dev.stop();
  }
});
