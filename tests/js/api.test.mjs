// The public API surface in Node: the mock provider, complete(), decode(), Decoder, the catalog,
// create()/createWithNamedModel()/refreshCustomProviders(), error objects, the browser guard.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { loadAster, corpusDir, drain, nativeDecode } from "./setup.mjs";

let aster;
before(async () => {
  aster = await loadAster();
});

const WEATHER = {
  messages: [{ role: "user", content: "What's the weather in Paris?" }],
  tools: [{ name: "get_weather", description: "Current weather", input_schema: { type: "object", properties: { location: { type: "string" } } } }],
};

test("the mock streams text, reasoning and tool calls with no key and no network", async () => {
  const client = new aster.Client({ type: "mock", chunkSize: 3 }, { env: {} });
  assert.equal(client.provider, "mock");
  assert.equal(client.model, "mock");
  const { chunks, error } = await drain(client.stream(WEATHER));
  assert.equal(error, null);
  const types = chunks.map((c) => c.type);
  assert.equal(types[0], "metadata");
  assert.deepEqual(types.slice(-2), ["usage", "finish"]);
  const call = chunks.find((c) => c.type === "tool_call");
  assert.deepEqual(call.input, { location: "Paris" });
  assert.equal(call.name, "get_weather");
  const deltas = chunks.filter((c) => c.type === "tool_call_delta").map((c) => c.argumentsDelta).join("");
  assert.equal(deltas, call.arguments);
  assert.equal(chunks.at(-1).reason, "tool_calls");

  const r = await client.complete({ messages: [{ role: "user", content: "Think first" }], reasoning: { effort: "low" } });
  assert.equal(r.stopReason, "stop");
  assert.equal(r.content[0].type, "thinking");
  assert.equal(r.content[0].signature, "mock-signature");
  assert.match(r.text, /You said: "Think first"/);
  assert.equal(r.usage.totalCost, 0);
});

test("the mock answers tool results and paces chunks", async () => {
  const client = new aster.Client({ provider: { type: "mock", delayMs: 15, chunkSize: 8 } }, { env: {} });
  const t0 = Date.now();
  const r = await client.complete({
    messages: [
      WEATHER.messages[0],
      { role: "assistant", content: [{ type: "tool_use", id: "call_mock_0", name: "get_weather", input: { location: "Paris" } }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "call_mock_0", content: "18°C and sunny" }] },
    ],
    tools: WEATHER.tools,
  });
  assert.equal(r.text, "The tool returned: 18°C and sunny");
  // Five chunks or more, 15 ms apart.
  assert.ok(Date.now() - t0 >= 60);
});

test("TOML text is a config error in the npm package (it has no TOML parser); the object form works", async () => {
  assert.throws(
    () => new aster.Client('[provider]\ntype = "mock"\nmodel = "mock-reasoning"\n', { env: {} }),
    (err) => err instanceof aster.AsterError && err.code === "config" && /object/.test(err.message),
  );
  await assert.rejects(aster.create({ env: {}, config: '[provider]\ntype = "mock"\n' }), (err) => err.code === "config");
  const client = new aster.Client({ provider: { type: "mock", model: "mock-reasoning" } }, { env: {} });
  const r = await client.complete({ messages: [{ role: "user", content: "x" }] });
  assert.equal(r.model, "mock-reasoning");
  assert.equal(r.content[0].type, "thinking");
});

test("decode() matches the native decoder on a recorded body; errors carry the chunks", () => {
  const file = path.join(corpusDir(), "cassettes", "anthropic", "test_anthropic_model_thinking_part_stream", "00", "body.sse");
  const bytes = fs.readFileSync(file);
  const chunks = aster.decode("anthropic", bytes, { provider: "anthropic" });
  assert.deepEqual(chunks, nativeDecode("anthropic", "anthropic", file));
  assert.deepEqual(aster.decode("anthropic", bytes.toString("utf8"), { provider: "anthropic" }), chunks);

  const cut = bytes.subarray(0, bytes.indexOf("thinking_delta") + 200);
  assert.throws(() => aster.decode("anthropic", cut), (err) => {
    assert.ok(err instanceof aster.AsterError);
    assert.equal(err.code, "network");
    assert.ok(Array.isArray(err.chunks) && err.chunks.some((c) => c.type === "reasoning"));
    return true;
  });
  assert.throws(() => aster.decode("nope", bytes), (err) => err.code === "config");
});

test("decode() of a whole JSON body", () => {
  const file = path.join(corpusDir(), "cassettes", "anthropic", "test_anthropic_advisor_tool", "00", "body.json");
  const chunks = aster.decode("anthropic", fs.readFileSync(file), { provider: "anthropic" });
  assert.deepEqual(chunks, nativeDecode("anthropic", "anthropic", file));
  assert.equal(chunks.at(-1).type, "finish");
});

test("Decoder: feeding byte by byte gives the same chunks", () => {
  const file = path.join(corpusDir(), "cassettes", "anthropic", "test_anthropic_model_thinking_part_stream", "00", "body.sse");
  const bytes = fs.readFileSync(file);
  const d = new aster.Decoder("anthropic", { provider: "anthropic" });
  const out = [];
  for (let i = 0; i < bytes.length; i += 7) out.push(...d.feed(bytes.subarray(i, i + 7)));
  out.push(...d.finish());
  d.free();
  assert.deepEqual(out, aster.decode("anthropic", bytes, { provider: "anthropic" }));
});

test("catalog and cost", () => {
  const m = aster.getModel("claude-sonnet-4-5");
  assert.equal(m.provider, "anthropic");
  assert.equal(m.contextWindow, 200000);
  assert.equal(m.price.input, 3);
  assert.equal(aster.getModel("anthropic/claude-sonnet-4-5").id, "claude-sonnet-4-5");
  assert.equal(aster.getModel("no-such-model-xyz"), null);
  const cost = aster.estimateCost("claude-sonnet-4-5", { inputTokens: 1_000_000, outputTokens: 1_000_000 });
  assert.equal(cost, 18);
  assert.equal(aster.estimateCost("no-such-model-xyz", { inputTokens: 1 }), null);
});

test("create(): the environment first, then the config", async () => {
  const fromEnv = await aster.create({ env: { ANTHROPIC_API_KEY: "sk-ant-x" }, config: { type: "mock" } });
  assert.equal(fromEnv.provider, "anthropic");
  const fromConfig = await aster.create({ env: {}, config: { type: "mock" } });
  assert.equal(fromConfig.provider, "mock");
  await assert.rejects(aster.create({ env: { OLLAMA_HOST: "127.0.0.1:9" } }), (err) => err.code === "config");
});

test("createWithNamedModel() and custom providers", async () => {
  const c = await aster.createWithNamedModel("gpt-4o", { env: { OPENAI_API_KEY: "sk-x" } });
  assert.equal(c.provider, "openai");
  assert.equal(c.model, "gpt-4o");
  await assert.rejects(aster.createWithNamedModel("gpt-4o", { env: {} }), (err) => err.code === "config" && /OPENAI_API_KEY/.test(err.message));
  const count = await aster.refreshCustomProviders({
    customProviders: [{ name: "acme", baseUrl: "https://llm.acme.test/v1", apiKeyEnv: "ACME_KEY", models: ["acme-large"] }],
  });
  assert.equal(count, 1);
  const acme = await aster.createWithNamedModel("acme-large", { env: { ACME_KEY: "k" } });
  assert.equal(acme.provider, "acme");
  const prefixed = await aster.createWithNamedModel("acme/other", { env: { ACME_KEY: "k" } });
  assert.equal(prefixed.model, "other");
});

test("new Client fills the key from env", async () => {
  const c = new aster.Client({ type: "openai", model: "gpt-4o" }, { env: { OPENAI_API_KEY: "sk-from-env" } });
  assert.equal(c.provider, "openai");
  assert.throws(() => new aster.Client({ type: "nope" }, { env: {} }), (err) => err instanceof aster.AsterError && err.code === "config");
  assert.throws(() => new aster.Client({ type: "openai", apiKey: "k", firstByteTimeoutMs: 5 }, { env: {} }), (err) => err.code === "config");
  assert.throws(() => new aster.Client({ type: "mock" }, { firstByteTimeoutMs: -1 }), (err) => err.code === "config");
});

test("invalid requests error the stream (and reject complete)", async () => {
  const client = new aster.Client({ type: "mock" }, { env: {} });
  const { error } = await drain(client.stream({ messages: "nope" }));
  assert.equal(error.code, "invalid_request");
  assert.match(error.message, /messages/);
  const { error: e2 } = await drain(client.stream(null));
  assert.equal(e2.code, "invalid_request");
  await assert.rejects(client.complete({ messages: [{ role: "robot", content: "x" }] }), (err) => err.code === "invalid_request");
});

test("in a browser page a real key needs dangerouslyAllowBrowser", () => {
  globalThis.window = globalThis;
  globalThis.document = {};
  try {
    assert.throws(
      () => new aster.Client({ type: "anthropic", apiKey: "sk-ant-x", model: "m" }, { env: {} }),
      (err) => err.code === "config" && /dangerouslyAllowBrowser/.test(err.message),
    );
    const ok = new aster.Client({ type: "anthropic", apiKey: "sk-ant-x", model: "m" }, { env: {}, dangerouslyAllowBrowser: true });
    assert.equal(ok.provider, "anthropic");
    // No key, no risk: the mock needs no opt-in.
    new aster.Client({ type: "mock" }, { env: {} });
  } finally {
    delete globalThis.window;
    delete globalThis.document;
  }
  // Outside a page (Node, Workers) keys are fine.
  new aster.Client({ type: "anthropic", apiKey: "sk-ant-x", model: "m" }, { env: {} });
});

test("streams are async-iterable ReadableStreams", async () => {
  const client = new aster.Client({ type: "mock" }, { env: {} });
  const s = client.stream({ messages: [{ role: "user", content: "hi" }] });
  assert.ok(s instanceof ReadableStream);
  assert.equal(typeof s[Symbol.asyncIterator], "function");
  const [a, b] = s.tee();
  const [ra, rb] = await Promise.all([drain(a), drain(b)]);
  assert.deepEqual(ra.chunks, rb.chunks);
});

test("for await uses the stream's own iterator: same chunks as a reader, locks, closes, cancels", async () => {
  const client = new aster.Client({ type: "mock", chunkSize: 2 }, { env: {} });
  const req = { messages: [{ role: "user", content: "hi" }] };
  const shape = (cs) => cs.map((c) => [c.type, c.text ?? c.reasoning ?? c.name ?? c.reason ?? ""]);

  // The same chunks as through a reader.
  const s1 = client.stream(req);
  assert.ok(Object.hasOwn(s1, Symbol.asyncIterator));
  const viaIterator = [];
  for await (const c of s1) viaIterator.push(c);
  const reader = client.stream(req).getReader();
  const viaReader = [];
  for (let r = await reader.read(); !r.done; r = await reader.read()) viaReader.push(r.value);
  assert.deepEqual(shape(viaIterator), shape(viaReader));
  assert.equal(viaIterator.at(-1).type, "finish");
  // Finished: unlocked and closed, as after the native iterator.
  assert.equal(s1.locked, false);
  assert.equal((await s1.getReader().read()).done, true);

  // A locked stream cannot be iterated; iterating locks it.
  const s2 = client.stream(req);
  const r2 = s2.getReader();
  assert.throws(() => s2[Symbol.asyncIterator](), TypeError);
  r2.releaseLock();
  const it = s2[Symbol.asyncIterator]();
  assert.equal(s2.locked, true);
  // next() calls made before the previous ones settle get successive chunks: none lost.
  const results = await Promise.all(Array.from({ length: viaReader.length + 3 }, () => it.next()));
  const got = results.filter((r) => !r.done).map((r) => r.value);
  assert.deepEqual(shape(got), shape(viaReader));
  assert.ok(results.at(-1).done);

  // Leaving the loop early cancels the stream: it ends closed (this would hang otherwise).
  const s3 = client.stream(req);
  for await (const c of s3) if (c.type === "metadata") break;
  assert.equal(s3.locked, false);
  await s3.getReader().closed;

  // A failure errors the stream for later readers too.
  const s4 = client.stream({ messages: [{ role: "robot", content: "x" }] });
  await assert.rejects(async () => {
    for await (const _ of s4);
  }, (err) => err instanceof aster.AsterError && err.code === "invalid_request");
  await assert.rejects(s4.getReader().closed, (err) => err.code === "invalid_request");
});

test("the WebCrypto RS256 signer (Vertex service accounts) signs verifiably", async () => {
  const { subtle } = globalThis.crypto;
  const alg = { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" };
  const pair = await subtle.generateKey(alg, true, ["sign", "verify"]);
  const der = Buffer.from(await subtle.exportKey("pkcs8", pair.privateKey)).toString("base64");
  const pem = `-----BEGIN PRIVATE KEY-----\n${der.match(/.{1,64}/g).join("\n")}\n-----END PRIVATE KEY-----\n`;
  const dir = path.join(path.dirname(new URL(import.meta.url).pathname), "node_modules", "aster", "snippets");
  const io = await import(path.join(dir, fs.readdirSync(dir)[0], "src", "wasm", "io.js"));
  const msg = new TextEncoder().encode("header.claims");
  const sig = await io.signRs256(pem, msg);
  assert.ok(await subtle.verify("RSASSA-PKCS1-v1_5", pair.publicKey, sig, msg));
  await assert.rejects(io.signRs256("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", msg), (e) => e.kind === "config" && !/AAAA/.test(e.message));
});
