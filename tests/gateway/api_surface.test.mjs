// The rest of what clients call, with the official clients and the AI SDK: Anthropic
// `messages.countTokens` (the provider's count, or the estimator's, flagged), `models.retrieve`
// in both API shapes, request ids on every reply (errors included), `message_start` input
// tokens, what the real APIs refuse, and provider-run tools (xAI's X search) never reaching a
// client as calls of its own.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { createAnthropic } from "@ai-sdk/anthropic";
import { streamText } from "ai";
import { corpusDir, loadCassette } from "../replay/server.mjs";
import { drainOpenAI, setup, TOKEN } from "./setup.mjs";

let t;
before(async () => {
  t = await setup();
});
after(async () => {
  await t?.stop();
});

const hi = [{ role: "user", content: "What is the capital of France?" }];

test("count_tokens: Anthropic's own count, passed through", async () => {
  t.replay.enqueue("anthropic", { json: { input_tokens: 42 } });
  const before = t.replay.requests.length;
  const { data, response } = await t.anthropic.messages
    .countTokens({ model: "anthropic/claude-sonnet-4-5", messages: hi, system: "Be brief." })
    .withResponse();
  assert.equal(data.input_tokens, 42);
  assert.equal(response.headers.get("x-aster-estimated"), "false");
  const up = t.replay.requests[before];
  assert.equal(up.path, "/v1/messages/count_tokens");
  const sent = JSON.parse(up.body);
  assert.equal(sent.model, "claude-sonnet-4-5");
  assert.equal(sent.max_tokens, undefined);
});

test("count_tokens: the estimator where the provider has no counting API", async () => {
  const before = t.replay.requests.length;
  const { data, response } = await t.anthropic.messages
    .countTokens({ model: "mock/echo", messages: hi })
    .withResponse();
  assert.ok(data.input_tokens > 0);
  assert.equal(response.headers.get("x-aster-estimated"), "true");
  assert.equal(t.replay.requests.length, before, "nothing was sent upstream");
});

test("models.retrieve in both API shapes; unknown models are 404", async () => {
  const o = await t.openai.models.retrieve("mock/echo");
  assert.deepEqual([o.id, o.object, o.owned_by], ["mock/echo", "model", "mock"]);
  const a = await t.anthropic.models.retrieve("openai/gpt-4o");
  assert.deepEqual([a.id, a.type], ["openai/gpt-4o", "model"]);
  await assert.rejects(t.openai.models.retrieve("nowhere/model"), (err) => err.status === 404);
});

test("request ids: the upstream's when it sent one, else a fresh one, on errors too", async () => {
  const cas = loadCassette("anthropic/test_anthropic_model_thinking_part_stream/00");
  t.replay.enqueue("anthropic", {
    bodyBase64: cas.body.toString("base64"),
    headers: { "content-type": "text/event-stream", "request-id": "req_upstream_1" },
  });
  const { response } = await t.anthropic.messages
    .create({ model: "anthropic/claude-sonnet-4-5", max_tokens: 100, messages: hi, stream: true })
    .withResponse();
  assert.equal(response.headers.get("request-id"), "req_upstream_1");
  assert.equal(response.headers.get("x-request-id"), "req_upstream_1");

  const a = await t.openai.chat.completions.create({ model: "mock/echo", messages: hi });
  const b = await t.openai.chat.completions.create({ model: "mock/echo", messages: hi });
  assert.match(a._request_id, /^req_[0-9a-f]{26}$/);
  assert.notEqual(a._request_id, b._request_id);
  assert.notEqual(a.id, b.id, "the mock gives each response its own id");
  const m = await t.anthropic.messages.create({ model: "mock/echo", max_tokens: 50, messages: hi });
  assert.match(m._request_id, /^req_/);
  await assert.rejects(t.anthropic.messages.create({ model: "nowhere/x", max_tokens: 5, messages: hi }), (err) => {
    assert.equal(err.status, 404);
    assert.match(err.requestID, /^req_/);
    return true;
  });
  const res = await fetch(`${t.url}/v1/nothing`, { headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(res.status, 404);
  assert.match(res.headers.get("x-request-id"), /^req_/);
});

test("what the real APIs refuse is refused: empty messages, a missing max_tokens", async () => {
  await assert.rejects(t.openai.chat.completions.create({ model: "mock/echo", messages: [] }), (err) => {
    assert.equal(err.status, 400);
    assert.match(err.message, /messages/);
    return true;
  });
  await assert.rejects(t.anthropic.messages.create({ model: "mock/echo", max_tokens: 10, messages: [] }), (err) => {
    assert.equal(err.status, 400);
    assert.match(err.message, /messages/);
    return true;
  });
  const res = await fetch(`${t.url}/v1/messages`, {
    method: "POST",
    headers: { "x-api-key": TOKEN, "content-type": "application/json", "anthropic-version": "2023-06-01" },
    body: JSON.stringify({ model: "mock/echo", messages: hi }),
  });
  assert.equal(res.status, 400);
  assert.match((await res.json()).error.message, /max_tokens/);
});

test("message_start carries the input tokens: the upstream's, else the estimate", async () => {
  const cas = loadCassette("anthropic/test_anthropic_model_thinking_part_stream/00");
  const recorded = cas.body
    .toString("utf8")
    .split("\n")
    .find((l) => l.startsWith("data:") && l.includes('"message_start"'));
  const want = JSON.parse(recorded.slice(5)).message.usage.input_tokens;
  t.replay.enqueue("anthropic", { bodyBase64: cas.body.toString("base64"), headers: { "content-type": "text/event-stream" } });
  let start;
  let finalInput;
  const s = t.anthropic.messages.stream({ model: "anthropic/claude-sonnet-4-5", max_tokens: 100, messages: hi });
  for await (const ev of s) {
    if (ev.type === "message_start") start = ev.message.usage.input_tokens;
    if (ev.type === "message_delta") finalInput = ev.usage.input_tokens;
  }
  assert.equal(start, want);
  assert.equal(finalInput, want);

  const m = t.anthropic.messages.stream({ model: "mock/echo", max_tokens: 100, messages: hi });
  for await (const ev of m) if (ev.type === "message_start") start = ev.message.usage.input_tokens;
  assert.ok(start > 0, `estimated input tokens ${start}`);

  // The AI SDK's Anthropic provider reads the same numbers.
  const anthropic = createAnthropic({ apiKey: TOKEN, baseURL: `${t.url}/v1` });
  const r = streamText({ model: anthropic("mock/echo"), prompt: "Hello" });
  for await (const _ of r.textStream);
  assert.ok((await r.usage).inputTokens > 0);
});

test("xAI's server-side tools never reach a client as its own tool calls", async () => {
  const lines = fs
    .readFileSync(path.join(corpusDir(), "chunks/xai-responses/xai-x-search-tool.chunks.txt"), "utf8")
    .split("\n")
    .filter((l) => l.trim());
  const body = Buffer.from(lines.map((l) => `data: ${l}\n\n`).join(""));
  const step = () => ({ bodyBase64: body.toString("base64"), pieces: [97, 13], headers: { "content-type": "text/event-stream" } });
  t.replay.enqueue("responses", step());
  const out = await drainOpenAI(
    await t.openai.chat.completions.create({ model: "responses/grok-4-fast", messages: hi, stream: true }),
  );
  assert.deepEqual(out.tools, {});
  assert.equal(out.finish, "stop");
  assert.ok(out.text.startsWith("### Latest Videos and Images from xAI on X"));

  t.replay.enqueue("responses", step());
  const msg = await t.anthropic.messages.create({ model: "responses/grok-4-fast", max_tokens: 100, messages: hi });
  assert.equal(msg.stop_reason, "end_turn");
  assert.ok(msg.content.every((b) => b.type !== "tool_use"));
});
