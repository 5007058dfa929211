// The official `openai` and `@anthropic-ai/sdk` clients against the gateway on workerd, with
// the built-in mock provider: streaming and not, reasoning, tool calls, usage with cost, the
// model list.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { drainOpenAI, setup } from "./setup.mjs";

let t;
before(async () => {
  t = await setup();
});
after(async () => {
  await t?.stop();
});

const WEATHER = {
  name: "get_weather",
  description: "Current weather",
  input_schema: { type: "object", properties: { location: { type: "string" } } },
};

test("openai client streams from mock/echo, with usage and cost", async () => {
  const stream = await t.openai.chat.completions.create({
    model: "mock/echo",
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: "user", content: "Hello, gateway!" }],
  });
  const out = await drainOpenAI(stream);
  assert.equal(out.text, 'This is the aster mock provider. You said: "Hello, gateway!"');
  assert.equal(out.finish, "stop");
  assert.equal(out.model, "mock/echo");
  assert.ok(out.chunks > 5, `streamed in ${out.chunks} chunks`);
  assert.ok(out.usage.prompt_tokens > 0);
  assert.ok(out.usage.completion_tokens > 0);
  assert.equal(out.usage.total_tokens, out.usage.prompt_tokens + out.usage.completion_tokens);
  assert.equal(out.usage.cost, 0);
  assert.equal(typeof out.usage.prompt_tokens_details.cached_tokens, "number");
  assert.equal(typeof out.usage.completion_tokens_details.reasoning_tokens, "number");
});

test("openai client completes with reasoning and a tool call", async () => {
  const res = await t.openai.chat.completions.create({
    model: "mock/reasoning",
    reasoning_effort: "low",
    tools: [{ type: "function", function: { name: WEATHER.name, parameters: WEATHER.input_schema } }],
    messages: [{ role: "user", content: "What is the weather in Lisbon?" }],
  });
  assert.equal(res.object, "chat.completion");
  const msg = res.choices[0].message;
  assert.match(msg.reasoning_content, /I will answer deterministically/);
  assert.equal(res.choices[0].finish_reason, "tool_calls");
  assert.equal(msg.tool_calls.length, 1);
  assert.equal(msg.tool_calls[0].function.name, "get_weather");
  assert.deepEqual(JSON.parse(msg.tool_calls[0].function.arguments), { location: "Lisbon" });
  assert.ok(res.usage.completion_tokens > 0);
  assert.equal(res.usage.cost, 0);
});

test("anthropic client streams from mock/reasoning: thinking, signature, text, usage", async () => {
  const stream = t.anthropic.messages.stream({
    model: "mock/reasoning",
    max_tokens: 256,
    messages: [{ role: "user", content: "Why is the sky blue?" }],
  });
  const deltas = [];
  let delta = null;
  stream.on("text", (d) => deltas.push(d));
  stream.on("streamEvent", (e) => {
    if (e.type === "message_delta") delta = e;
  });
  const msg = await stream.finalMessage();
  assert.equal(msg.model, "mock/reasoning");
  assert.equal(msg.content[0].type, "thinking");
  assert.equal(msg.content[0].signature, "mock-signature");
  assert.equal(msg.content[1].type, "text");
  assert.equal(msg.content[1].text, 'This is the aster mock provider. You said: "Why is the sky blue?"');
  assert.ok(deltas.length > 3, "text arrived in deltas");
  assert.equal(msg.stop_reason, "end_turn");
  assert.ok(msg.usage.input_tokens > 0);
  assert.ok(msg.usage.output_tokens > 0);
  // The cost rides in message_delta's usage (the SDK's accumulator keeps only known fields).
  assert.equal(delta.usage.cost, 0);
  assert.equal(delta.usage.output_tokens, msg.usage.output_tokens);
});

test("anthropic client completes a tool call and its follow-up", async () => {
  const first = await t.anthropic.messages.create({
    model: "mock/echo",
    max_tokens: 256,
    tools: [WEATHER],
    messages: [{ role: "user", content: "What is the weather in Paris?" }],
  });
  assert.equal(first.stop_reason, "tool_use");
  const call = first.content.find((b) => b.type === "tool_use");
  assert.deepEqual(call.input, { location: "Paris" });
  const second = await t.anthropic.messages.create({
    model: "mock/echo",
    max_tokens: 256,
    tools: [WEATHER],
    messages: [
      { role: "user", content: "What is the weather in Paris?" },
      { role: "assistant", content: first.content },
      { role: "user", content: [{ type: "tool_result", tool_use_id: call.id, content: "18 C, cloudy" }] },
    ],
  });
  assert.equal(second.content[0].text, "The tool returned: 18 C, cloudy");
  assert.equal(second.stop_reason, "end_turn");
});

test("max_tokens cuts the mock and reports length / max_tokens", async () => {
  const res = await t.openai.chat.completions.create({
    model: "mock/echo",
    max_tokens: 3,
    messages: [{ role: "user", content: "a long question that will not fit" }],
  });
  assert.equal(res.choices[0].finish_reason, "length");
  const msg = await t.anthropic.messages.create({
    model: "mock/echo",
    max_tokens: 3,
    messages: [{ role: "user", content: "a long question that will not fit" }],
  });
  assert.equal(msg.stop_reason, "max_tokens");
});

test("GET /v1/models lists routes, mock and configured providers, in each API's shape", async () => {
  const ids = [];
  for await (const m of t.openai.models.list()) ids.push(m.id);
  for (const id of ["fast", "fallback", "mock/echo", "mock/reasoning", "openai/gpt-4o", "anthropic/claude-sonnet-4-5"]) {
    assert.ok(ids.includes(id), `${id} listed`);
  }
  const page = await t.anthropic.models.list();
  assert.ok(page.data.some((m) => m.id === "mock/echo" && m.type === "model"));
});

test("GET /health needs no token and says nothing about the setup", async () => {
  const res = await fetch(`${t.url}/health`);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { status: "ok" });
});
