// Faults over real HTTP: retries (429 + retry-after, 503, resets before output), no retry once
// output was emitted, aborts (AbortSignal, stream.cancel(), leaving `for await`) closing the
// upstream connection, first-byte and idle timeouts, error objects, and a canary key that must
// never appear in any error or output.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { loadAster, corpusDir, drain, withoutCost, CANARY, assertNoCanary as noCanary } from "./setup.mjs";
import { startReplay } from "../replay/server.mjs";

let aster;
let replay;
let n = 0;

before(async () => {
  aster = await loadAster();
  replay = await startReplay();
});

after(() => replay.close());

const CASSETTE = "anthropic/test_anthropic_model_thinking_part_stream/00";
const BODY = fs.readFileSync(path.join(corpusDir(), "cassettes", CASSETTE, "body.sse"));
const REQUEST = { messages: [{ role: "user", content: "Hello" }], maxTokens: 64 };
const AUTH_BODY = JSON.stringify({
  type: "error",
  error: { type: "authentication_error", message: `invalid x-api-key: ${CANARY}` },
});

/** A fresh scenario id and a client pointed at it. */
function setup(options = {}, retry = { maxRetries: 2, initialDelayMs: 20, maxDelayMs: 100 }) {
  const id = `s${++n}`;
  const client = new aster.Client(
    { provider: { type: "anthropic", apiKey: CANARY, model: "claude-sonnet-4-20250514", baseUrl: `${replay.base(id)}/v1` }, retry },
    { env: {}, ...options },
  );
  return { id, client };
}

const requestsOf = (id) => replay.requests.filter((r) => r.scenario === id);

function assertNoCanary(...values) {
  for (const v of values) noCanary(v);
}

function assertErrorShape(err) {
  assert.ok(err instanceof Error);
  assert.ok(err instanceof aster.AsterError);
  assert.equal(err.name, "AsterError");
  for (const k of ["code", "status", "provider", "retryable", "retryAfterMs", "requestId"]) {
    assert.ok(k in err, `error has ${k}`);
  }
  assertNoCanary(err.message, err.stack, String(err), err);
}

let clean;
async function cleanChunks() {
  if (!clean) {
    const { id, client } = setup();
    replay.enqueue(id, { cassette: CASSETTE });
    const r = await drain(client.stream(REQUEST));
    assert.equal(r.error, null);
    clean = withoutCost(r.chunks);
  }
  return clean;
}

test("retries after 429 with retry-after (seconds), then streams", async () => {
  const expected = await cleanChunks();
  const { id, client } = setup();
  replay.enqueue(
    id,
    { status: 429, headers: { "retry-after": "1", "content-type": "application/json" }, json: { type: "error", error: { type: "rate_limit_error", message: "slow down" } } },
    { cassette: CASSETTE, pieceSize: 97 },
  );
  const t0 = Date.now();
  const { chunks, error } = await drain(client.stream(REQUEST));
  assert.equal(error, null);
  assert.deepEqual(withoutCost(chunks), expected);
  assert.equal(requestsOf(id).length, 2);
  assert.ok(Date.now() - t0 >= 950, "waited for retry-after");
});

test("retries after 429 with retry-after-ms", async () => {
  const { id, client } = setup();
  replay.enqueue(
    id,
    { status: 429, headers: { "retry-after-ms": "30" }, body: "{}" },
    { cassette: CASSETTE },
  );
  const { error } = await drain(client.stream(REQUEST));
  assert.equal(error, null);
  assert.equal(requestsOf(id).length, 2);
});

test("retries after 503 and 529, then streams", async () => {
  const expected = await cleanChunks();
  const { id, client } = setup();
  replay.enqueue(
    id,
    { status: 503, body: "Service Unavailable" },
    { status: 529, json: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } } },
    { cassette: CASSETTE, pieces: [1, 2, 3, 500] },
  );
  const { chunks, error } = await drain(client.stream(REQUEST));
  assert.equal(error, null);
  assert.deepEqual(withoutCost(chunks), expected);
  assert.equal(requestsOf(id).length, 3);
});

test("gives up after maxRetries with the last error", async () => {
  const { id, client } = setup({}, { maxRetries: 1, initialDelayMs: 5, maxDelayMs: 10 });
  replay.enqueue(id, { status: 500, body: "boom" }, { status: 502, body: "bad gateway" });
  const { chunks, error } = await drain(client.stream(REQUEST));
  assert.equal(chunks.length, 0);
  assertErrorShape(error);
  assert.equal(error.code, "server_error");
  assert.equal(error.status, 502);
  assert.equal(error.retryable, true);
  assert.equal(requestsOf(id).length, 2);
});

test("a wait longer than the cap fails fast with the wait in the error", async () => {
  const { id, client } = setup();
  replay.enqueue(id, { status: 429, headers: { "retry-after": "3600" }, body: "{}" });
  const { error } = await drain(client.stream(REQUEST));
  assertErrorShape(error);
  assert.equal(error.code, "rate_limit");
  assert.equal(error.retryAfterMs, 3_600_000);
  assert.equal(requestsOf(id).length, 1);
});

test("a reset before any output is retried", async () => {
  const expected = await cleanChunks();
  const { id, client } = setup();
  replay.enqueue(id, { cassette: CASSETTE, resetAfterBytes: 40 }, { cassette: CASSETTE });
  const { chunks, error } = await drain(client.stream(REQUEST));
  assert.equal(error, null);
  assert.deepEqual(withoutCost(chunks), expected);
  assert.equal(requestsOf(id).length, 2);
});

test("no retry once output was emitted: the reset is reported after the output", async () => {
  const { id, client } = setup();
  const cut = BODY.indexOf("thinking_delta") + 300;
  replay.enqueue(id, { cassette: CASSETTE, resetAfterBytes: cut, pieceSize: 100, delayMs: 5 }, { cassette: CASSETTE });
  const { chunks, error } = await drain(client.stream(REQUEST));
  assertErrorShape(error);
  assert.equal(error.code, "network");
  assert.ok(chunks.some((c) => c.type === "reasoning"), "output came first");
  const usage = chunks.at(-1);
  assert.equal(usage.type, "usage");
  assert.equal(usage.estimated, true);
  assert.equal(requestsOf(id).length, 1, "not retried");
});

test("an AbortSignal mid-stream aborts the upstream request", async () => {
  const { id, client } = setup();
  replay.enqueue(id, { cassette: CASSETTE, pieceSize: 200, delayMs: 30 });
  const ac = new AbortController();
  const seen = [];
  let error = null;
  try {
    for await (const c of client.stream({ ...REQUEST, signal: ac.signal })) {
      seen.push(c);
      if (c.type === "reasoning") ac.abort();
    }
  } catch (err) {
    error = err;
  }
  assertErrorShape(error);
  assert.equal(error.code, "aborted");
  const r = await replay.waitFor((e) => e.scenario === id);
  assert.equal(r.outcome, "client-closed");
  assert.ok(r.bytesSent < BODY.length);
});

test("stream.cancel() aborts the upstream request", async () => {
  const { id, client } = setup();
  replay.enqueue(id, { cassette: CASSETTE, pieceSize: 200, delayMs: 30 });
  const stream = client.stream(REQUEST);
  const reader = stream.getReader();
  const first = await reader.read();
  assert.equal(first.value.type, "metadata");
  await reader.cancel();
  const r = await replay.waitFor((e) => e.scenario === id);
  assert.equal(r.outcome, "client-closed");
});

test("leaving `for await` early aborts the upstream request", async () => {
  const { id, client } = setup();
  replay.enqueue(id, { cassette: CASSETTE, pieceSize: 200, delayMs: 30 });
  for await (const c of client.stream(REQUEST)) {
    if (c.type === "reasoning") break;
  }
  const r = await replay.waitFor((e) => e.scenario === id);
  assert.equal(r.outcome, "client-closed");
});

test("an abort during a retry wait ends the call at once", async () => {
  const { id, client } = setup();
  replay.enqueue(id, { status: 429, headers: { "retry-after": "30" }, body: "{}" }, { cassette: CASSETTE });
  const ac = new AbortController();
  // Abort once the 429 has been answered: the client is then in its 30 s wait.
  replay.waitFor((e) => e.scenario === id).then(() => ac.abort());
  const { error } = await drain(client.stream({ ...REQUEST, signal: ac.signal }));
  // Had the abort not ended the 30 s wait, the retry would have streamed the cassette.
  assert.equal(error.code, "aborted");
  assert.equal(requestsOf(id).length, 1);
});

test("an already aborted signal fails without a request", async () => {
  const { id, client } = setup();
  const { error } = await drain(client.stream({ ...REQUEST, signal: AbortSignal.abort() }));
  assert.equal(error.code, "aborted");
  assert.equal(requestsOf(id).length, 0);
});

test("first-byte timeout", async () => {
  const { id, client } = setup({ firstByteTimeoutMs: 1000 }, { maxRetries: 0 });
  replay.enqueue(id, { cassette: CASSETTE, headDelayMs: 8000 });
  const { chunks, error } = await drain(client.stream(REQUEST));
  assertErrorShape(error);
  assert.equal(error.code, "timeout");
  assert.equal(error.retryable, true);
  assert.match(error.message, /first-byte/);
  assert.equal(chunks.length, 0);
  const r = await replay.waitFor((e) => e.scenario === id);
  assert.equal(r.outcome, "client-closed");
});

test("a first-byte timeout is retried", async () => {
  const { id, client } = setup({ firstByteTimeoutMs: 1000 });
  replay.enqueue(id, { cassette: CASSETTE, headDelayMs: 8000 }, { cassette: CASSETTE });
  const { error } = await drain(client.stream(REQUEST));
  assert.equal(error, null);
  assert.equal(requestsOf(id).length, 2);
});

test("idle timeout after output", async () => {
  const { id, client } = setup({ idleTimeoutMs: 1000 });
  const stallAt = BODY.indexOf("thinking_delta") + 300;
  replay.enqueue(id, { cassette: CASSETTE, stallAfterBytes: stallAt, stallMs: 8000 }, { cassette: CASSETTE });
  const { chunks, error } = await drain(client.stream(REQUEST));
  assertErrorShape(error);
  assert.equal(error.code, "timeout");
  assert.match(error.message, /idle/);
  assert.ok(chunks.some((c) => c.type === "reasoning"));
  assert.equal(requestsOf(id).length, 1, "not retried after output");
});

test("a wrong key gives code authentication, not retried, and never shows the key", async () => {
  const { id, client } = setup();
  replay.enqueue(id, {
    status: 401,
    headers: { "content-type": "application/json", "request-id": "req_011CanaryTest" },
    body: AUTH_BODY,
  });
  const { chunks, error } = await drain(client.stream(REQUEST));
  assert.equal(chunks.length, 0);
  assertErrorShape(error);
  assert.equal(error.code, "authentication");
  assert.equal(error.status, 401);
  assert.equal(error.provider, "anthropic");
  assert.equal(error.retryable, false);
  assert.equal(error.requestId, "req_011CanaryTest");
  assert.equal(requestsOf(id).length, 1);
  // The key did reach the server, in the header it belongs in.
  assert.equal(requestsOf(id)[0].headers["x-api-key"], CANARY);
});

test("complete() rejects with the same error object", async () => {
  const { id, client } = setup();
  replay.enqueue(id, { status: 401, body: AUTH_BODY });
  await assert.rejects(client.complete(REQUEST), (err) => {
    assertErrorShape(err);
    return err.code === "authentication";
  });
});

test("the canary key appears in no error and no output", async () => {
  const outputs = [];
  // A network failure (nothing listens on the port), a decode error, an error event, a success.
  const dead = new aster.Client(
    { type: "anthropic", apiKey: CANARY, model: "m", baseUrl: "http://127.0.0.1:9/v1" },
    { env: {} },
  );
  const r1 = await drain(dead.stream(REQUEST));
  assert.equal(r1.error.code, "network");
  outputs.push(r1);
  const { id, client } = setup({}, { maxRetries: 0 });
  replay.enqueue(
    id,
    { body: `event: message_start\ndata: {not json ${CANARY}\n\n`, headers: { "content-type": "text/event-stream" } },
    { body: `event: error\ndata: {"type":"error","error":{"type":"invalid_request_error","message":"${CANARY}"}}\n\n` },
    { cassette: CASSETTE },
  );
  for (let i = 0; i < 3; i++) outputs.push(await drain(client.stream(REQUEST)));
  assert.equal(outputs[1].error.code, "decode");
  assert.ok(outputs[2].error);
  assert.equal(outputs[3].error, null);
  outputs.push(await client.complete(REQUEST).catch((e) => e));
  for (const o of outputs) {
    assertNoCanary(JSON.stringify(o.chunks ?? o), o.error ?? {}, o.error?.stack ?? "", String(o.error ?? ""));
  }
  // Constructing with a bad config names the key, never its value.
  try {
    new aster.Client({ type: "anthropic", apiKey: CANARY, bogus: 1 }, { env: {} });
    assert.fail("bad config accepted");
  } catch (err) {
    assertErrorShape(err);
    assert.equal(err.code, "config");
  }
});

test("settings a provider cannot honour are warnings on the stream and the response", async () => {
  const { id, client } = setup();
  replay.enqueue(id, { cassette: CASSETTE }, { cassette: CASSETTE });
  const req = { ...REQUEST, responseFormat: { type: "json_object" } };
  const stream = client.stream(req);
  const { error } = await drain(stream);
  assert.equal(error, null);
  assert.deepEqual(stream.warnings.map((w) => w.setting), ["responseFormat"]);
  const r = await client.complete(req);
  assert.deepEqual(r.warnings.map((w) => w.setting), ["responseFormat"]);
  // The request went out without the setting.
  assert.ok(!JSON.parse(requestsOf(id)[0].body).response_format);
});

test("dangerouslyAllowBrowser sends Anthropic's direct-browser-access header", async () => {
  const { id, client } = setup({ dangerouslyAllowBrowser: true });
  replay.enqueue(id, { cassette: CASSETTE });
  await drain(client.stream(REQUEST));
  assert.equal(requestsOf(id)[0].headers["anthropic-dangerous-direct-browser-access"], "true");
  const plain = setup();
  replay.enqueue(plain.id, { cassette: CASSETTE });
  await drain(plain.client.stream(REQUEST));
  assert.equal(requestsOf(plain.id)[0].headers["anthropic-dangerous-direct-browser-access"], undefined);
});

test("memory stays flat over a long stream (30 MB, 200k events)", async () => {
  const event = (content) =>
    `data: {"id":"chatcmpl-long","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}},"finish_reason":null}]}\n\n`;
  const piece = event("hello world, ");
  const count = Math.ceil((30 * 1024 * 1024) / piece.length);
  const body =
    piece.repeat(count) +
    `data: {"id":"chatcmpl-long","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":${count},"total_tokens":${count + 5}}}\n\ndata: [DONE]\n\n`;
  const id = `long${++n}`;
  replay.enqueue(id, { body, headers: { "content-type": "text/event-stream" }, pieceSize: 65536 });
  const client = new aster.Client({ type: "openai", apiKey: "k", model: "gpt-4o", baseUrl: `${replay.base(id)}/v1` }, { env: {} });
  const before = aster.memoryBytes();
  let texts = 0;
  let last;
  for await (const c of client.stream(REQUEST)) {
    if (c.type === "text") texts++;
    last = c;
  }
  assert.equal(texts, count);
  assert.equal(last.type, "finish");
  const grown = aster.memoryBytes() - before;
  assert.ok(grown <= 4 * 1024 * 1024, `wasm memory grew by ${grown} bytes`);
});
