// The fault matrix (issue "Hardening"): every upstream fault the replay server can inject, each
// through the built package over real HTTP, checking the error code, that nothing hangs, that
// no output is duplicated or lost (what the caller got is the clean stream, or a prefix of its
// output followed by the error), that the request count is right, and that the canary key
// appears nowhere. Writes the results table to test-artifacts/faults-matrix.md.
// (faults.test.mjs covers the single faults in depth: aborts, timeouts, retry-after caps.)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { loadAster, corpusDir, drain, withoutCost, configFor, randomPieces, repoRoot, CANARY, assertNoCanary } from "./setup.mjs";
import { startReplay } from "../replay/server.mjs";

let aster;
let replay;
let n = 0;
const rows = [];

before(async () => {
  aster = await loadAster();
  replay = await startReplay();
});

after(async () => {
  await replay.close();
  const dir = path.join(repoRoot, "test-artifacts");
  fs.mkdirSync(dir, { recursive: true });
  const table = [
    "| fault | provider | expected | got | requests | output | ms |",
    "|---|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.name} | ${r.provider} | ${r.expected} | ${r.got} | ${r.requests} | ${r.output} | ${r.ms} |`),
  ].join("\n");
  fs.writeFileSync(path.join(dir, "faults-matrix.md"), table + "\n");
});

const SSE_CASE = "anthropic/test_anthropic_model_thinking_part_stream/00";
const ES_CASE = "bedrock/test_bedrock_model_iter_stream/00";
const SSE = fs.readFileSync(path.join(corpusDir(), "cassettes", SSE_CASE, "body.sse"));
const ES = fs.readFileSync(path.join(corpusDir(), "cassettes", ES_CASE, "body.eventstream"));
const REQUEST = { messages: [{ role: "user", content: "Hello" }], maxTokens: 64 };
const RETRY = { maxRetries: 2, initialDelayMs: 10, maxDelayMs: 40 };
const SSE_HEAD = { "content-type": "text/event-stream" };
const ES_HEAD = { "content-type": "application/vnd.amazon.eventstream" };

const providers = {
  anthropic: { format: "anthropic", model: "claude-sonnet-4-20250514", cassette: SSE_CASE, body: SSE },
  bedrock: { format: "bedrock-converse", model: "anthropic.claude-3-haiku-20240307-v1:0", cassette: ES_CASE, body: ES },
};

function client(provider, id, options = {}, retry = RETRY) {
  const p = providers[provider];
  return new aster.Client({ provider: configFor(p.format, replay.base(id), p.model, CANARY), retry }, { env: {}, ...options });
}

const clean = {};
async function cleanRun(provider) {
  if (!clean[provider]) {
    const id = `clean-${provider}`;
    replay.enqueue(id, { cassette: providers[provider].cassette });
    const r = await drain(client(provider, id).stream(REQUEST));
    assert.equal(r.error, null, `clean ${provider} run: ${r.error}`);
    clean[provider] = withoutCost(r.chunks);
  }
  return clean[provider];
}

const outputOf = (chunks) => withoutCost(chunks).filter((c) => !["metadata", "usage", "finish"].includes(c.type));

/**
 * Runs one row: enqueues `steps`, drains the stream, and checks the outcome. `expect.code`
 * null means success, equal to the clean run; otherwise the output must be a prefix of the
 * clean output (nothing duplicated, nothing invented). Returns the result for extra checks.
 */
async function row(name, provider, steps, expect, options = {}, retry = RETRY) {
  const id = `m${++n}`;
  replay.enqueue(id, ...steps);
  const want = await cleanRun(provider);
  const t0 = Date.now();
  const { chunks, error } = await drain(client(provider, id, options, retry).stream(REQUEST));
  const ms = Date.now() - t0;
  const requests = replay.requests.filter((r) => r.scenario === id).length;
  const got = error ? `${error.code}${error.status ? ` ${error.status}` : ""}` : "ok";
  let output;
  if (!error) {
    assert.deepEqual(withoutCost(chunks), want, `${name}: the stream differs from the clean one`);
    output = "complete, same as clean";
  } else {
    const seen = outputOf(chunks);
    assert.deepEqual(seen, outputOf(want).slice(0, seen.length), `${name}: output is not a prefix of the clean output`);
    output = seen.length ? `prefix (${seen.length} chunks), then error` : "none";
  }
  rows.push({ name, provider, expected: expect.label ?? expect.code ?? "ok", got, requests, output, ms });
  assert.equal(error?.code ?? null, expect.code ?? null, `${name}: ${error?.message}`);
  if (expect.requests !== undefined) assert.equal(requests, expect.requests, `${name}: requests`);
  if (expect.status !== undefined) assert.equal(error?.status, expect.status, `${name}: status`);
  if (error) {
    assert.ok(error instanceof aster.AsterError, `${name}: an AsterError`);
    assertNoCanary(error, name);
  }
  assertNoCanary(chunks, name);
  return { chunks, error, requests, ms, id };
}

const json429 = (headers) => ({
  status: 429,
  headers: { "content-type": "application/json", ...headers },
  json: { type: "error", error: { type: "rate_limit_error", message: "slow down" } },
});

test("429 storms with each retry-after form", { timeout: 30_000 }, async () => {
  await row("429 ×2, retry-after: 1 (seconds)", "anthropic", [json429({ "retry-after": "1" }), json429({ "retry-after": "1" }), { cassette: SSE_CASE }], { requests: 3 });
  const date = new Date(Date.now() + 2000).toUTCString();
  const r = await row("429, retry-after: HTTP date (+2 s)", "anthropic", [json429({ "retry-after": date }), { cassette: SSE_CASE }], { requests: 2 });
  assert.ok(r.ms >= 900, "waited until the date");
  await row("429 ×2, retry-after-ms: 30", "anthropic", [json429({ "retry-after-ms": "30" }), json429({ "retry-after-ms": "30" }), { cassette: SSE_CASE }], { requests: 3 });
  const storm = await row("429 storm (3 = maxRetries + 1), retry-after-ms: 25", "anthropic", [1, 2, 3].map(() => json429({ "retry-after-ms": "25" })), { code: "rate_limit", status: 429, requests: 3 });
  assert.equal(storm.error.retryable, true);
  assert.equal(storm.error.retryAfterMs, 25);
  await row("429 storm on event-stream (bedrock), retry-after: 0", "bedrock", [1, 2, 3].map(() => ({ status: 429, headers: { "retry-after": "0", "x-amzn-errortype": "ThrottlingException" }, json: { message: "Too many requests" } })), { code: "rate_limit", requests: 3 });
});

test("5xx and 529: retried, then the last status", { timeout: 30_000 }, async () => {
  for (const status of [500, 502, 503, 504, 529]) {
    await row(`${status} once, then the stream`, "anthropic", [{ status, body: "upstream trouble" }, { cassette: SSE_CASE }], { requests: 2 });
    const code = status === 529 ? "overloaded" : "server_error";
    const r = await row(`${status} ×3 (exhausted)`, "anthropic", [1, 2, 3].map(() => ({ status, body: "upstream trouble" })), { code, status, requests: 3 });
    assert.equal(r.error.retryable, true);
  }
  await row("503 on event-stream (bedrock), then the stream", "bedrock", [{ status: 503, json: { message: "unavailable" }, headers: { "x-amzn-errortype": "ServiceUnavailableException" } }, { cassette: ES_CASE }], { requests: 2 });
});

test("connection resets at random offsets: retried before output, reported after it", { timeout: 60_000 }, async () => {
  for (const [provider, body] of [["anthropic", SSE], ["bedrock", ES]]) {
    // Two cuts before any output (in the head of the stream), then seeded random ones.
    const cuts = [0, 25, ...randomPieces(0xfa17 + body.length, body.length - 1, 6)];
    for (const [i, cut] of cuts.entries()) {
      const id = `reset-${provider}-${i}`;
      const r = await row(
        `reset after ${cut}/${body.length} bytes`,
        provider,
        [{ cassette: providers[provider].cassette, resetAfterBytes: cut, pieces: randomPieces(i + 1, 97) }, { cassette: providers[provider].cassette }],
        { code: undefined, requests: undefined, label: "ok (retried) before output, else network" },
        {},
        RETRY,
      ).catch((err) => ({ failed: err, id }));
      if (r.failed) {
        // Not the success path: then it must be a network error after output, not retried.
        const last = rows.at(-1);
        assert.match(last.got, /^network/, `${last.name}: ${r.failed.message}`);
        assert.equal(last.requests, 1, `${last.name}: no retry after output`);
        assert.match(last.output, /^prefix/, `${last.name}: output came before the error`);
      } else {
        assert.equal(r.requests, 2, "retried once");
      }
    }
  }
});

test("stalls: an idle timeout before output is retried; the caller leaving aborts upstream", { timeout: 30_000 }, async () => {
  await row("stall before output (idle timeout 1 s)", "anthropic", [{ cassette: SSE_CASE, stallAfterBytes: 20, stallMs: 8000 }, { cassette: SSE_CASE }], { requests: 2 }, { idleTimeoutMs: 1000 });
  const r = await row("stall after output (idle timeout 1 s)", "anthropic", [{ cassette: SSE_CASE, stallAfterBytes: SSE.indexOf("thinking_delta") + 300, stallMs: 8000 }], { code: "timeout", requests: 1 }, { idleTimeoutMs: 1000 });
  assert.equal((await replay.waitFor((e) => e.scenario === r.id)).outcome, "client-closed");
  // The caller aborts during a stall: the upstream request is closed at once.
  const id = `m${++n}`;
  replay.enqueue(id, { cassette: SSE_CASE, stallAfterBytes: SSE.indexOf("thinking_delta") + 300, stallMs: 10_000 });
  const ac = new AbortController();
  const stream = client("anthropic", id).stream({ ...REQUEST, signal: ac.signal });
  const t0 = Date.now();
  // Abort once output has arrived, i.e. while the upstream stalls (not after a fixed time).
  const { error } = await drain(stream, () => ac.abort());
  assert.equal(error.code, "aborted");
  assert.equal((await replay.waitFor((e) => e.scenario === id)).outcome, "client-closed");
  rows.push({ name: "caller aborts during a stall", provider: "anthropic", expected: "aborted, upstream closed", got: `${error.code}, upstream client-closed`, requests: 1, output: "prefix", ms: Date.now() - t0 });
});

test("malformed data: bad JSON in an event, truncated frame, bad CRC, oversized event", { timeout: 60_000 }, async () => {
  const start = SSE.indexOf("event: content_block_delta");
  const badJson = Buffer.concat([SSE.subarray(0, start), Buffer.from('event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"x"\n\n')]);
  await row("malformed JSON inside an event", "anthropic", [{ body: badJson, headers: SSE_HEAD }], { code: "decode" }, {}, { ...RETRY, maxRetries: 0 });

  // Frame boundaries of the event-stream body.
  const ends = [];
  for (let at = 0; at + 4 <= ES.length; ) {
    at += ES.readUInt32BE(at);
    ends.push(at);
  }
  const mid = ends[Math.floor(ends.length / 2)];
  const truncated = ES.subarray(0, mid + 7);
  await row("truncated event-stream frame (cut in a prelude)", "bedrock", [{ bodyBase64: truncated.toString("base64"), headers: ES_HEAD }], { code: "network", requests: 1 }, {}, { ...RETRY, maxRetries: 0 });
  const cutPayload = ES.subarray(0, ends.at(-1) - 6);
  await row("truncated event-stream frame (cut in the last payload)", "bedrock", [{ bodyBase64: cutPayload.toString("base64"), headers: ES_HEAD }], { code: "network", requests: 1 }, {}, { ...RETRY, maxRetries: 0 });
  const corrupt = Buffer.from(ES);
  corrupt[mid - 10] ^= 0x55;
  await row("corrupted message CRC", "bedrock", [{ bodyBase64: corrupt.toString("base64"), headers: ES_HEAD }], { code: "decode", requests: 1 }, {}, { ...RETRY, maxRetries: 0 });
  const corruptPrelude = Buffer.from(ES);
  corruptPrelude[mid + 2] ^= 0x01;
  await row("corrupted prelude (length)", "bedrock", [{ bodyBase64: corruptPrelude.toString("base64"), headers: ES_HEAD }], { code: "decode", requests: 1 }, {}, { ...RETRY, maxRetries: 0 });

  const huge = Buffer.concat([Buffer.from('event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"'), Buffer.alloc(17 * 1024 * 1024, 0x61), Buffer.from('"}}\n\n')]);
  const big = await row("oversized event (17 MiB data line)", "anthropic", [{ body: huge, headers: SSE_HEAD, pieceSize: 1 << 20 }], { code: "decode", requests: 1 }, {}, { ...RETRY, maxRetries: 0 });
  assert.match(big.error.message, /too large|longer than/);
});

test("wrong content, HTML pages, empty bodies", { timeout: 30_000 }, async () => {
  await row("stream served as text/plain (content-type ignored)", "anthropic", [{ cassette: SSE_CASE, headers: { "content-type": "text/plain" } }], { requests: 1 });
  const html = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center>" + "<!-- padding -->".repeat(500) + "</body></html>";
  const r = await row("HTML 502 page from a proxy", "anthropic", [1, 2, 3].map(() => ({ status: 502, body: html, headers: { "content-type": "text/html" } })), { code: "server_error", status: 502, requests: 3 });
  assert.ok(r.error.message.length < 600, `message stays short: ${r.error.message.length}`);
  await row("HTML page with status 200", "anthropic", [{ body: html, headers: { "content-type": "text/html" } }], { code: "decode", requests: 1 }, {}, { ...RETRY, maxRetries: 0 });
  await row("JSON error body with status 200 (wrong content-type for a stream)", "anthropic", [{ json: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } }, headers: { "content-type": "application/json" } }], { code: "overloaded", requests: 1 }, {}, { ...RETRY, maxRetries: 0 });
  await row("200 with an empty body", "anthropic", [{ body: "", headers: SSE_HEAD }, { body: "", headers: SSE_HEAD }, { body: "", headers: SSE_HEAD }], { code: "network", requests: 3 });
  await row("200 with an empty body, then the stream", "anthropic", [{ body: "", headers: SSE_HEAD }, { cassette: SSE_CASE }], { requests: 2 });
  await row("200 with an empty event-stream body", "bedrock", [{ body: "", headers: ES_HEAD }], { code: "network", requests: 1 }, {}, { ...RETRY, maxRetries: 0 });
});
