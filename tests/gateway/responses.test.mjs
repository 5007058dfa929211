// POST /v1/responses: the OpenAI Responses API in front of any provider, read by the clients
// that call it — the AI SDK's default OpenAI model (`createOpenAI()(id)`: streamText and a
// multi-step tool loop) and the official `openai` client (`responses.create`, stream and
// object) — with the built-in mock provider and a recorded Anthropic stream as upstreams.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createOpenAI } from "@ai-sdk/openai";
import { generateText, jsonSchema, stepCountIs, streamText, tool } from "ai";
import { loadCassette } from "../replay/server.mjs";
import { setup, TOKEN } from "./setup.mjs";

let t;
let provider;
before(async () => {
  t = await setup();
  provider = createOpenAI({ apiKey: TOKEN, baseURL: `${t.url}/v1` });
});
after(async () => {
  await t?.stop();
});

const weather = tool({
  description: "Current weather",
  inputSchema: jsonSchema({ type: "object", properties: { location: { type: "string" } }, required: ["location"] }),
  execute: async ({ location }) => `18°C and sunny in ${location}`,
});

test("AI SDK createOpenAI()(model): streamText through /v1/responses", async () => {
  const result = streamText({ model: provider("mock/echo"), prompt: "Hello, responses!" });
  let text = "";
  for await (const piece of result.textStream) text += piece;
  assert.equal(text, 'This is the aster mock provider. You said: "Hello, responses!"');
  assert.equal(await result.finishReason, "stop");
  const usage = await result.usage;
  assert.ok(usage.inputTokens > 0 && usage.outputTokens > 0, JSON.stringify(usage));
});

// With the AI SDK's defaults (`store` true) the second step refers to the first step's
// reasoning item by id (`item_reference`); the gateway drops such references and the loop
// goes on with the call and its output, which are sent in full.
test("AI SDK: a multi-step tool loop with reasoning", async () => {
  const result = await generateText({
    model: provider("mock/reasoning"),
    tools: { get_weather: weather },
    stopWhen: stepCountIs(3),
    prompt: "What is the weather in Lisbon?",
  });
  assert.equal(result.steps.length, 2);
  const call = result.steps[0].toolCalls[0];
  assert.equal(call.toolName, "get_weather");
  assert.deepEqual(call.input, { location: "Lisbon" });
  assert.equal(result.steps[0].finishReason, "tool-calls");
  assert.match(result.steps[0].reasoningText ?? "", /I will answer deterministically/);
  assert.equal(result.text, "The tool returned: 18°C and sunny in Lisbon");
  assert.equal(result.finishReason, "stop");
  assert.ok(result.totalUsage.outputTokenDetails.reasoningTokens > 0, JSON.stringify(result.totalUsage));
});

test("AI SDK with store: false: every item is sent in full, the loop completes", async () => {
  const result = await generateText({
    model: provider("mock/echo"),
    tools: { get_weather: weather },
    stopWhen: stepCountIs(3),
    providerOptions: { openai: { store: false } },
    prompt: "What is the weather in Oslo?",
  });
  assert.equal(result.steps.length, 2);
  assert.equal(result.text, "The tool returned: 18°C and sunny in Oslo");
});

test("openai.responses.create, streamed: the documented event sequence", async () => {
  const stream = await t.openai.responses.create({
    model: "mock/reasoning",
    input: [{ role: "user", content: "What is the weather in Paris?" }],
    instructions: "Be brief.",
    reasoning: { effort: "low" },
    tools: [{ type: "function", name: "get_weather", parameters: { type: "object", properties: { location: { type: "string" } } }, strict: false }],
    stream: true,
  });
  const types = [];
  let args = "";
  let summary = "";
  let completed;
  for await (const ev of stream) {
    types.push(ev.type);
    if (ev.type === "response.function_call_arguments.delta") args += ev.delta;
    if (ev.type === "response.reasoning_summary_text.delta") summary += ev.delta;
    if (ev.type === "response.completed") completed = ev.response;
  }
  for (const ty of [
    "response.created",
    "response.output_item.added",
    "response.reasoning_summary_text.delta",
    "response.function_call_arguments.delta",
    "response.output_item.done",
    "response.completed",
  ]) {
    assert.ok(types.includes(ty), `${ty} in ${types.join(", ")}`);
  }
  assert.equal(types[0], "response.created");
  assert.equal(types.at(-1), "response.completed");
  assert.deepEqual(JSON.parse(args), { location: "Paris" });
  assert.match(summary, /I will answer deterministically/);
  const call = completed.output.find((i) => i.type === "function_call");
  assert.equal(call.name, "get_weather");
  assert.ok(call.call_id.startsWith("call_mock_"));
  assert.ok(completed.usage.input_tokens > 0);
  assert.equal(typeof completed.usage.input_tokens_details.cached_tokens, "number");
  assert.ok(completed.usage.output_tokens_details.reasoning_tokens > 0);
});

test("openai.responses.create, not streamed: the response object; a tool result goes back", async () => {
  const first = await t.openai.responses.create({
    model: "mock/echo",
    input: "What is the weather in Rome?",
    tools: [{ type: "function", name: "get_weather", parameters: { type: "object", properties: { location: { type: "string" } } }, strict: false }],
  });
  assert.equal(first.object, "response");
  assert.equal(first.status, "completed");
  const call = first.output.find((i) => i.type === "function_call");
  assert.deepEqual(JSON.parse(call.arguments), { location: "Rome" });
  assert.ok(first._request_id, "the SDK sees a request id");
  const second = await t.openai.responses.create({
    model: "mock/echo",
    input: [
      { role: "user", content: "What is the weather in Rome?" },
      { type: "function_call", call_id: call.call_id, name: call.name, arguments: call.arguments },
      { type: "function_call_output", call_id: call.call_id, output: "20°C" },
    ],
  });
  assert.equal(second.output_text, "The tool returned: 20°C");
  assert.notEqual(second.id, first.id, "each response has its own id");
  assert.ok(second.usage.total_tokens > 0);
});

test("text.format json_schema and max_output_tokens reach the upstream; usage details come back", async () => {
  const cas = loadCassette("anthropic/test_anthropic_model_thinking_part_stream/00");
  t.replay.enqueue("anthropic", { bodyBase64: cas.body.toString("base64"), pieces: [41, 7], headers: { "content-type": "text/event-stream" } });
  const before = t.replay.requests.length;
  const res = await t.openai.responses.create({
    model: "anthropic/claude-sonnet-4-5",
    input: "What is the capital of France?",
    max_output_tokens: 2000,
    text: { format: { type: "json_schema", name: "answer", strict: true, schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false } } },
  });
  const sent = JSON.parse(t.replay.requests[before].body);
  assert.equal(sent.max_tokens, 2000);
  assert.ok(JSON.stringify(sent).includes('"city"'), "the schema went upstream");
  assert.equal(res.status, "completed");
  assert.ok(res.output.some((i) => i.type === "reasoning"));
  assert.ok(res.output_text.length > 0);
  assert.ok(res.usage.input_tokens > 0);
  assert.equal(typeof res.usage.output_tokens_details.reasoning_tokens, "number");
});

test("state the gateway does not keep is refused with a 400 naming the field", async () => {
  for (const [extra, field] of [
    [{ previous_response_id: "resp_123" }, "previous_response_id"],
    [{ store: true }, "store"],
    [{ tools: [{ type: "web_search" }] }, "tools[0].type"],
  ]) {
    await assert.rejects(
      t.openai.responses.create({ model: "mock/echo", input: "hi", ...extra }),
      (err) => {
        assert.equal(err.status, 400);
        assert.ok(err.message.includes(field), err.message);
        assert.ok(err.requestID, "errors carry a request id too");
        return true;
      },
    );
  }
});
