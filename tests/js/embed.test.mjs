// client.embed in Node against the replay server: vectors in input order across batches,
// usage and cost, faults retried as for chat (429 + retry-after, 5xx, a body cut mid-way),
// errors as AsterErrors without the key, aborts, and the mock's deterministic unit vectors.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { loadAster, CANARY, assertNoCanary } from "./setup.mjs";
import { startReplay } from "../replay/server.mjs";

let aster;
let replay;
let n = 0;

before(async () => {
  aster = await loadAster();
  replay = await startReplay();
});

after(() => replay.close());

const RETRY = { maxRetries: 3, initialDelayMs: 5, maxDelayMs: 20 };
const requestsOf = (id) => replay.requests.filter((r) => r.scenario === id);

function client(provider, retry = RETRY) {
  const id = `e${++n}`;
  const c = new aster.Client({ provider: { apiKey: CANARY, ...provider(replay.base(id)) }, retry }, { env: {} });
  return { id, client: c };
}

const openai = (model = "text-embedding-3-small") => (base) => ({ type: "openai", model, baseUrl: `${base}/v1` });

function openaiBody(vectors, tokens) {
  return {
    object: "list",
    data: vectors.map((embedding, index) => ({ object: "embedding", index, embedding })),
    model: "text-embedding-3-small",
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}

/** Waits until `pred()` holds, checking every few ms, for at most `ms`. */
async function until(pred, ms = 5000) {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}

const norm = (v) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

test("the mock gives deterministic unit vectors without a key or network", async () => {
  const c = new aster.Client({ type: "mock", model: "embed" }, { env: {} });
  const a = await c.embed({ input: ["alpha", "beta", "alpha"] });
  const b = await c.embed({ input: ["alpha", "beta", "alpha"] });
  assert.deepEqual(a, b);
  assert.equal(a.model, "embed");
  assert.equal(a.embeddings.length, 3);
  assert.deepEqual(a.embeddings[0], a.embeddings[2]);
  assert.notDeepEqual(a.embeddings[0], a.embeddings[1]);
  for (const v of a.embeddings) {
    assert.equal(v.length, 16);
    assert.ok(Math.abs(norm(v) - 1) < 1e-5);
  }
  const one = await c.embed({ input: "alpha", dimensions: 4 });
  assert.equal(one.embeddings[0].length, 4);
  assert.ok(one.usage.inputTokens > 0);
  assert.equal(one.usage.totalCost, 0);
});

test("OpenAI: request, vectors, usage and cost", async () => {
  const { id, client: c } = client(openai());
  replay.enqueue(id, { json: openaiBody([[0.6, 0.8], [1, 0]], 5), headers: { "content-type": "application/json" } });
  const r = await c.embed({ input: ["hello", "world"], dimensions: 2 });
  assert.deepEqual(r.embeddings, [[0.6, 0.8], [1, 0]]);
  assert.equal(r.usage.inputTokens, 5);
  assert.equal(r.usage.estimated, false);
  assert.ok(Math.abs(r.usage.totalCost - (5 * 0.02) / 1e6) < 1e-15);
  const [req] = requestsOf(id);
  assert.equal(req.path, "/v1/embeddings");
  assert.equal(req.headers.authorization, `Bearer ${CANARY}`);
  assert.deepEqual(JSON.parse(req.body), { model: "text-embedding-3-small", input: ["hello", "world"], dimensions: 2 });
});

test("faults are retried: 429 with retry-after, 5xx, a body cut mid-way", async () => {
  const { id, client: c } = client(openai());
  const good = JSON.stringify(openaiBody([[0, 1]], 2));
  replay.enqueue(
    id,
    { status: 429, headers: { "retry-after-ms": "10", "content-type": "application/json" }, json: { error: { message: "slow down", type: "requests", code: "rate_limit_exceeded" } } },
    { status: 503, json: { error: { message: "overloaded", type: "server_error" } } },
    { headers: { "content-type": "application/json" }, body: good, pieces: [8], resetAfterBytes: 20 },
    { headers: { "content-type": "application/json" }, body: good, pieces: [3, 7] },
  );
  const r = await c.embed({ input: "x" });
  assert.deepEqual(r.embeddings, [[0, 1]]);
  assert.equal(requestsOf(id).length, 4);
});

test("retries end: the last error is an AsterError with its status and no key", async () => {
  const { id, client: c } = client(openai(), { maxRetries: 1, initialDelayMs: 5, maxDelayMs: 10 });
  const body = { error: { message: "boom", type: "server_error" } };
  replay.enqueue(id, { status: 500, json: body }, { status: 502, json: body });
  await assert.rejects(c.embed({ input: "x" }), (err) => {
    assert.ok(err instanceof aster.AsterError);
    assert.equal(err.code, "server_error");
    assert.equal(err.status, 502);
    assert.equal(err.retryable, true);
    return true;
  });
  const { id: id2, client: c2 } = client(openai());
  replay.enqueue(id2, { status: 401, json: { error: { message: `Incorrect API key provided: ${CANARY}`, type: "invalid_request_error", code: "invalid_api_key" } } });
  await assert.rejects(c2.embed({ input: "x" }), (err) => {
    assert.equal(err.code, "authentication");
    assertNoCanary(err, "the error");
    return true;
  });
  assert.equal(requestsOf(id2).length, 1);
});

test("Gemini: large inputs are split into batches and rejoined in order", async () => {
  const { id, client: c } = client((base) => ({ type: "google", model: "gemini-embedding-001", baseUrl: base }));
  const batch = (from, k) => ({ json: { embeddings: Array.from({ length: k }, (_, i) => ({ values: [from + i, 0] })) }, headers: { "content-type": "application/json" }, pieceSize: 100 });
  replay.enqueue(id, batch(0, 100), batch(100, 50));
  const input = Array.from({ length: 150 }, (_, i) => `text ${i}`);
  const r = await c.embed({ input, inputType: "query" });
  assert.deepEqual(r.embeddings.map((v) => v[0]), input.map((_, i) => i));
  assert.equal(r.usage.estimated, true);
  const reqs = requestsOf(id);
  assert.equal(reqs.length, 2);
  assert.ok(reqs[0].path.endsWith("/models/gemini-embedding-001:batchEmbedContents"), reqs[0].path);
  const second = JSON.parse(reqs[1].body);
  assert.equal(second.requests.length, 50);
  assert.equal(second.requests[0].taskType, "RETRIEVAL_QUERY");
  assert.equal(second.requests[0].content.parts[0].text, "text 100");
});

test("settings a provider lacks are warnings; a provider without embeddings is invalid_request", async () => {
  const { id, client: c } = client(openai());
  replay.enqueue(id, { json: openaiBody([[1]], 1), headers: { "content-type": "application/json" } });
  const r = await c.embed({ input: "x", inputType: "document" });
  assert.deepEqual(r.warnings.map((w) => w.setting), ["inputType"]);

  const { id: id2, client: c2 } = client((base) => ({ type: "anthropic", model: "claude-sonnet-4-5", baseUrl: base }));
  await assert.rejects(c2.embed({ input: "x" }), (err) => {
    assert.equal(err.code, "invalid_request");
    assert.equal(err.provider, "anthropic");
    assert.match(err.message, /anthropic does not serve embeddings/);
    return true;
  });
  assert.equal(requestsOf(id2).length, 0);
  await assert.rejects(c.embed({ input: [] }), (err) => err.code === "invalid_request");
  await assert.rejects(c.embed({ input: [1, 2] }), (err) => err.code === "invalid_request");
});

test("an AbortSignal cancels the request", async () => {
  const { id, client: c } = client(openai());
  replay.enqueue(id, { json: openaiBody([[1]], 1), headDelayMs: 3000 });
  const ac = new AbortController();
  const p = c.embed({ input: "x", signal: ac.signal });
  // Abort once the request reached the server (its head is held back 3 s).
  await until(() => requestsOf(id).length === 1);
  ac.abort();
  await assert.rejects(p, (err) => err.code === "aborted");
  const entry = await replay.waitFor((e) => e.scenario === id);
  assert.equal(entry.outcome, "client-closed");
});
