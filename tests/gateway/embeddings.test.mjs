// POST /v1/embeddings on workerd with the official `openai` client: float, base64 and the
// SDK's default (base64 on the wire, decoded by the SDK), `dimensions`, usage with cost, any
// provider out (the mock; OpenAI, Gemini and Bedrock Titan through the replay server), and
// errors in the OpenAI shape with their status.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { setup, TOKEN } from "./setup.mjs";

let t;
before(async () => {
  t = await setup();
});
after(async () => {
  await t?.stop();
});

const norm = (v) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const upstream = (scenario, from) => t.replay.requests.slice(from).filter((r) => r.scenario === scenario);

test("mock/embed: float vectors, unit length, deterministic, with usage", async () => {
  const res = await t.openai.embeddings.create({ model: "mock/embed", input: ["alpha", "beta"], encoding_format: "float" });
  assert.equal(res.object, "list");
  assert.equal(res.model, "mock/embed");
  assert.equal(res.data.length, 2);
  res.data.forEach((d, i) => {
    assert.equal(d.object, "embedding");
    assert.equal(d.index, i);
    assert.ok(Array.isArray(d.embedding));
    assert.equal(d.embedding.length, 16);
    assert.ok(Math.abs(norm(d.embedding) - 1) < 1e-5);
  });
  assert.notDeepEqual(res.data[0].embedding, res.data[1].embedding);
  assert.ok(res.usage.prompt_tokens > 0);
  assert.equal(res.usage.total_tokens, res.usage.prompt_tokens);
  assert.equal(res.usage.cost, 0);
  const again = await t.openai.embeddings.create({ model: "mock/embed", input: ["alpha", "beta"], encoding_format: "float" });
  assert.deepEqual(again.data, res.data);
});

test("base64 and the SDK default decode to the same float32 vectors", async () => {
  const float = await t.openai.embeddings.create({ model: "mock/embed", input: "same text", encoding_format: "float", dimensions: 8 });
  const b64 = await t.openai.embeddings.create({ model: "mock/embed", input: "same text", encoding_format: "base64", dimensions: 8 });
  assert.equal(typeof b64.data[0].embedding, "string");
  const buf = Buffer.from(b64.data[0].embedding, "base64");
  const decoded = Array.from(new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4));
  assert.deepEqual(decoded, float.data[0].embedding);
  assert.equal(decoded.length, 8);
  // No encoding_format: the SDK asks for base64 and decodes it itself.
  const dflt = await t.openai.embeddings.create({ model: "mock/embed", input: "same text", dimensions: 8 });
  assert.deepEqual(Array.from(dflt.data[0].embedding), float.data[0].embedding);
});

test("openai/…: the upstream request, vectors in order, usage and cost", async () => {
  const from = t.replay.requests.length;
  t.replay.enqueue("openai", {
    headers: { "content-type": "application/json" },
    json: {
      object: "list",
      data: [
        { object: "embedding", index: 1, embedding: [0, 1] },
        { object: "embedding", index: 0, embedding: [0.6, 0.8] },
      ],
      model: "text-embedding-3-small",
      usage: { prompt_tokens: 7, total_tokens: 7 },
    },
    pieceSize: 13,
  });
  const res = await t.openai.embeddings.create({ model: "openai/text-embedding-3-small", input: ["a", "b"], dimensions: 2, encoding_format: "float" });
  assert.deepEqual(res.data.map((d) => d.embedding), [[0.6, 0.8], [0, 1]]);
  assert.equal(res.model, "openai/text-embedding-3-small");
  assert.equal(res.usage.prompt_tokens, 7);
  assert.ok(Math.abs(res.usage.cost - (7 * 0.02) / 1e6) < 1e-15);
  const [up] = upstream("openai", from);
  assert.equal(up.path, "/v1/embeddings");
  assert.equal(up.headers.authorization, "Bearer sk-test-openai-upstream-key");
  assert.deepEqual(JSON.parse(up.body), { model: "text-embedding-3-small", input: ["a", "b"], dimensions: 2 });
});

test("google/… goes to batchEmbedContents, bedrock/titan to one InvokeModel per text", async () => {
  let from = t.replay.requests.length;
  t.replay.enqueue("google", { headers: { "content-type": "application/json" }, json: { embeddings: [{ values: [1, 0] }, { values: [0, 1] }] } });
  const g = await t.openai.embeddings.create({ model: "google/gemini-embedding-001", input: ["q1", "q2"], encoding_format: "float", input_type: "query" });
  assert.deepEqual(g.data.map((d) => d.embedding), [[1, 0], [0, 1]]);
  const [gu] = upstream("google", from);
  assert.equal(gu.path, "/v1beta/models/gemini-embedding-001:batchEmbedContents");
  assert.equal(JSON.parse(gu.body).requests[1].taskType, "RETRIEVAL_QUERY");

  from = t.replay.requests.length;
  for (const v of [[0.1, 0.2], [0.3, 0.4]]) {
    t.replay.enqueue("bedrock", { headers: { "content-type": "application/json" }, json: { embedding: v, inputTextTokenCount: 3 } });
  }
  const b = await t.openai.embeddings.create({ model: "bedrock/amazon.titan-embed-text-v2:0", input: ["x", "y"] });
  assert.deepEqual(b.data.map((d) => Array.from(d.embedding, (x) => Math.round(x * 10) / 10)), [[0.1, 0.2], [0.3, 0.4]]);
  assert.equal(b.usage.prompt_tokens, 6);
  const ups = upstream("bedrock", from);
  assert.equal(ups.length, 2);
  assert.equal(ups[0].path, "/model/amazon.titan-embed-text-v2%3A0/invoke");
  assert.match(ups[0].headers.authorization, /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\//);
});

test("errors come back in the OpenAI shape with their status", async () => {
  const post = (body) =>
    fetch(`${t.url}/v1/embeddings`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  // A provider without embeddings.
  let r = await post({ model: "anthropic/claude-sonnet-4-5", input: "x" });
  assert.equal(r.status, 400);
  let body = await r.json();
  assert.equal(body.error.type, "invalid_request_error");
  assert.match(body.error.message, /anthropic does not serve embeddings/);
  // Bad input.
  r = await post({ model: "mock/embed", input: [] });
  assert.equal(r.status, 400);
  r = await post({ model: "mock/embed", input: "x", encoding_format: "int8" });
  assert.equal(r.status, 400);
  // An unknown model.
  r = await post({ model: "nope", input: "x" });
  assert.equal(r.status, 404);
  // The upstream's rate limit, with its wait (the gateway does not retry: max_retries = 0).
  t.replay.enqueue("openai", { status: 429, headers: { "retry-after": "3", "content-type": "application/json" }, json: { error: { message: "Rate limit reached", type: "requests", code: "rate_limit_exceeded" } } });
  await assert.rejects(t.openai.embeddings.create({ model: "openai/text-embedding-3-small", input: "x" }), (err) => {
    assert.equal(err.status, 429);
    assert.equal(err.headers.get("retry-after"), "3");
    return true;
  });
  // No token.
  r = await fetch(`${t.url}/v1/embeddings`, { method: "POST", body: "{}" });
  assert.equal(r.status, 401);
});
