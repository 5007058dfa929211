// `aster/ai-sdk` under the real `ai` package (devDependency, exact version): the scenarios of
// ai_sdk_scenarios.mjs in Node, in a Vite page in headless Chromium and in a Worker on workerd,
// plus the mapping checked at the model's own interface (the spec's call options in, stream
// parts out) and on the wire (what reached the replay server).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadAster, repoRoot, CANARY, assertNoCanary, drain } from "./setup.mjs";
import { startReplay } from "../replay/server.mjs";
import { bin, run, serveDir, launchChromium, wranglerEnv, wranglerDev } from "./runtimes.mjs";

const here = path.join(repoRoot, "tests", "js");
const THINKING = "anthropic/test_anthropic_model_thinking_part_stream/00";

let asterPkg;
let sdk;
let scenarios;
let replay;
let tmp;
let n = 0;

before(async () => {
  asterPkg = await loadAster();
  sdk = await import("aster/ai-sdk");
  scenarios = await import("./ai_sdk_scenarios.mjs");
  replay = await startReplay();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aster-ai-sdk-"));
});

after(async () => {
  await replay.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Queues every replay scenario under fresh ids: `{bases, ids}`. */
function queueScenarios() {
  const bases = {};
  const ids = {};
  for (const [name, steps] of Object.entries(scenarios.REPLAY_STEPS)) {
    const id = `${name}-${++n}`;
    replay.enqueue(id, ...steps);
    ids[name] = id;
    bases[name] = replay.base(id);
  }
  return { bases, ids };
}

/** The usage aster itself reports for the thinking cassette (what the AI SDK must show). */
async function asterUsage() {
  const id = `usage-${++n}`;
  replay.enqueue(id, { cassette: scenarios.REDACTED });
  const c = await asterPkg.createWithNamedModel("anthropic/claude-sonnet-4-5", { env: { ANTHROPIC_API_KEY: "k", ANTHROPIC_BASE_URL: replay.base(id) } });
  const { chunks, error } = await drain(c.stream({ messages: [{ role: "user", content: "Hello" }] }));
  assert.equal(error, null);
  return chunks.find((c) => c.type === "usage");
}

/** The assertions every runtime's results must pass. */
async function checkResults(results, ids) {
  const g = results.generate;
  assert.equal(g.text, 'This is the aster mock provider. You said: "hi from the AI SDK"');
  assert.equal(g.finishReason, "stop");
  assert.equal(g.modelId, "echo");
  assert.equal(g.usage.inputTokens + g.usage.outputTokens, g.usage.totalTokens);
  assert.deepEqual(g.providerMetadata, { aster: { provider: "mock", totalCost: 0, estimated: false } });

  const s = results.stream;
  assert.deepEqual(
    s.types.filter((t) => !t.endsWith("-delta")),
    ["start", "start-step", "reasoning-start", "reasoning-end", "text-start", "text-end", "finish-step", "finish"],
  );
  assert.match(s.reasoning, /^The user wrote 11 characters/);
  assert.equal(s.text, 'This is the aster mock provider. You said: "think first"');
  assert.ok(s.usage.outputTokenDetails.reasoningTokens > 0);

  const t = results.tools;
  assert.equal(t.steps.length, 2, "a tool step, then the answer");
  assert.equal(t.steps[0].finishReason, "tool-calls");
  assert.deepEqual(t.steps[0].toolCalls, [{ toolName: "get_weather", input: { location: "Paris" } }]);
  assert.deepEqual(t.steps[0].toolResults, [{ location: "Paris", celsius: 21 }]);
  assert.equal(t.text, 'The tool returned: {"location":"Paris","celsius":21}');

  assert.deepEqual(results.structured.output, { city: "Paris", country: "France" });
  assert.equal(results.structured.reasoning, true);
  const sent = JSON.parse(replay.requests.find((r) => r.scenario === ids.structured).body);
  assert.equal(sent.response_format.type, "json_schema");
  assert.equal(sent.response_format.json_schema.name, "CityLocation");
  assert.deepEqual(sent.response_format.json_schema.schema.required, ["city", "country"]);

  assert.equal(results.abort.types.at(-1), "abort");
  assert.ok(results.abort.types.includes("reasoning-delta"));
  assert.ok(!results.abort.types.includes("finish-step"), "aborted before the end");
  const aborted = await replay.waitFor((r) => r.scenario === ids.abort, 10_000);
  assert.equal(aborted.outcome, "client-closed", "the abort closed the upstream connection");

  assert.match(results.rateLimit.text, /./);
  assert.equal(results.rateLimit.finishReason, "stop");
  assert.equal(replay.requests.filter((r) => r.scenario === ids.rateLimit).length, 2, "one 429, then aster's retry");

  assert.deepEqual(results.rateLimitError.error, {
    isApiCallError: true,
    statusCode: 429,
    isRetryable: true,
    responseHeaders: { "retry-after": "2", "request-id": "req_429" },
    code: "rate_limit",
  });

  const usage = await asterUsage();
  const c = results.cost;
  assert.equal(c.usage.inputTokens, usage.inputTokens);
  assert.equal(c.usage.outputTokens, usage.outputTokens);
  assert.equal(c.usage.inputTokenDetails.cacheReadTokens, usage.cacheReadTokens);
  assert.equal(c.usage.inputTokenDetails.cacheWriteTokens, usage.cacheWriteTokens);
  assert.equal(c.usage.inputTokenDetails.noCacheTokens, usage.inputTokens - usage.cacheReadTokens - usage.cacheWriteTokens);
  assert.ok(usage.totalCost > 0);
  assert.equal(c.providerMetadata.aster.totalCost, usage.totalCost);
  assert.equal(c.providerMetadata.aster.provider, "anthropic");
  assert.ok(c.reasoning.some((p) => p.redacted), "redacted thinking keeps its data in providerMetadata.aster");

  assert.deepEqual(results.embed.dims, [16, 16, 16]);
  assert.equal(results.embed.same, true);
  assert.ok(results.embed.tokens > 0);
}

test("Node: the AI SDK scenarios", async () => {
  const { bases, ids } = queueScenarios();
  const results = {};
  for (const name of scenarios.SCENARIOS) results[name] = await scenarios.runScenario(name, bases);
  await checkResults(results, ids);
});

test("Vite: the AI SDK scenarios in a built page, in headless Chromium", async () => {
  const outDir = path.join(tmp, "vite-dist");
  run(bin("vite"), ["build", "--logLevel", "warn", "--outDir", outDir, "--emptyOutDir"], { cwd: path.join(here, "vite-ai-app") });
  const { bases, ids } = queueScenarios();
  const server = await serveDir(outDir);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${server.address().port}/?bases=${encodeURIComponent(JSON.stringify(bases))}`);
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 60_000 });
    const results = await page.evaluate(() => window.__result);
    assert.deepEqual(errors, []);
    assert.equal(results.error, undefined, results.error);
    await checkResults(results, ids);
  } finally {
    await browser.close();
    server.close();
  }
});

test("Worker: the AI SDK scenarios on workerd", async () => {
  const dev = await wranglerDev(path.join(here, "worker-ai"), wranglerEnv(tmp));
  try {
    const { bases, ids } = queueScenarios();
    const res = await fetch(`${dev.base}/run?bases=${encodeURIComponent(JSON.stringify(bases))}`);
    const results = await res.json();
    assert.equal(results.error, undefined, results.error);
    await checkResults(results, ids);

    // The README's useChat route handler: UI messages in, a UI message stream (SSE) out.
    const chat = await fetch(`${dev.base}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ messages: [{ id: "m1", role: "user", parts: [{ type: "text", text: "hello from useChat" }] }] }),
    });
    assert.equal(chat.status, 200);
    assert.match(chat.headers.get("content-type"), /text\/event-stream/);
    const events = (await chat.text())
      .split("\n\n")
      .map((e) => e.replace(/^data: /, "").trim())
      .filter((e) => e !== "" && e !== "[DONE]")
      .map((e) => JSON.parse(e));
    const text = events.filter((e) => e.type === "text-delta").map((e) => e.delta).join("");
    assert.equal(text, 'This is the aster mock provider. You said: "hello from useChat"');
    assert.ok(events.some((e) => e.type === "reasoning-delta"));
    assert.equal(events.at(-1).type, "finish");
  } finally {
    await dev.stop();
  }
});

// ---------------------------------------------------------------------------------------------
// The mapping, at the model's interface and on the wire.
// ---------------------------------------------------------------------------------------------

async function readParts(stream) {
  const parts = [];
  for await (const p of stream) parts.push(p);
  return parts;
}

test("doStream: stream-start with warnings, metadata, blocks, tool input, finish with usage and cost", async () => {
  const model = sdk.createAster({ env: {} })("mock/reasoning", { parallelToolCalls: false });
  assert.equal(model.specificationVersion, "v4");
  assert.equal(model.provider, "aster.mock");
  assert.equal(model.modelId, "mock/reasoning");
  const { stream } = await model.doStream({
    prompt: [{ role: "user", content: [{ type: "text", text: "What's the weather in Paris?" }] }],
    tools: [{ type: "function", name: "get_weather", inputSchema: { type: "object", properties: { location: { type: "string" } } } }],
    presencePenalty: 0.5,
  });
  const parts = await readParts(stream);
  assert.deepEqual(parts[0], { type: "stream-start", warnings: [{ type: "unsupported", feature: "presencePenalty", details: "aster's request has no such setting; not sent" }] });
  assert.deepEqual(parts[1], { type: "response-metadata", id: parts[1].id, modelId: "reasoning" });
  const types = parts.map((p) => p.type);
  assert.deepEqual(
    types.filter((t) => !t.endsWith("-delta")),
    ["stream-start", "response-metadata", "reasoning-start", "reasoning-end", "tool-input-start", "tool-input-end", "tool-call", "finish"],
  );
  const end = parts.find((p) => p.type === "reasoning-end");
  assert.deepEqual(end.providerMetadata, { aster: { signature: "mock-signature" } });
  const call = parts.find((p) => p.type === "tool-call");
  // The mock gives every call an id of its own (`call_mock_<response>_<index>`).
  assert.match(call.toolCallId, /^call_mock_[0-9a-f]+_0$/);
  assert.deepEqual(call, { type: "tool-call", toolCallId: call.toolCallId, toolName: "get_weather", input: '{"location":"Paris"}' });
  const deltas = parts.filter((p) => p.type === "tool-input-delta").map((p) => p.delta).join("");
  assert.equal(deltas, call.input);
  const finish = parts.at(-1);
  assert.deepEqual(finish.finishReason, { unified: "tool-calls", raw: "tool_use" });
  assert.deepEqual(Object.keys(finish.usage.inputTokens).sort(), ["cacheRead", "cacheWrite", "noCache", "total"]);
  assert.deepEqual(Object.keys(finish.usage.outputTokens).sort(), ["reasoning", "text", "total"]);
  assert.equal(finish.usage.outputTokens.text + finish.usage.outputTokens.reasoning, finish.usage.outputTokens.total);
  assert.deepEqual(finish.providerMetadata, { aster: { provider: "mock", totalCost: 0, estimated: false } });

  // includeRawChunks: each aster chunk as a raw part, before the parts made from it.
  const raw = await model.doStream({ prompt: [{ role: "user", content: [{ type: "text", text: "hi" }] }], includeRawChunks: true });
  const rawParts = await readParts(raw.stream);
  assert.deepEqual(rawParts[1], { type: "raw", rawValue: rawParts[1].rawValue });
  assert.equal(rawParts[1].rawValue.type, "metadata");
  assert.equal(rawParts.filter((p) => p.type === "raw").at(-1).rawValue.type, "finish");
});

test("the prompt and the call options reach the provider as aster's request", async () => {
  const id = `wire-${++n}`;
  replay.enqueue(id, { cassette: scenarios.REDACTED });
  const model = sdk.createAster({ env: { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: replay.base(id) } })("anthropic/claude-sonnet-4-5");
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const result = await model.doGenerate({
    prompt: [
      { role: "system", content: "Be brief." },
      {
        role: "user",
        content: [
          { type: "text", text: "Look", providerOptions: { aster: { cacheControl: { type: "ephemeral" } } } },
          { type: "file", mediaType: "image", data: { type: "data", data: png } },
          { type: "file", mediaType: "application/pdf", filename: "a.pdf", data: { type: "data", data: "JVBERi0=" } },
        ],
      },
      {
        role: "assistant",
        content: [
          { type: "reasoning", text: "hmm", providerOptions: { aster: { signature: "sig-1" } } },
          { type: "text", text: "Calling" },
          { type: "tool-call", toolCallId: "t1", toolName: "get_weather", input: { location: "Paris" } },
        ],
      },
      { role: "tool", content: [{ type: "tool-result", toolCallId: "t1", toolName: "get_weather", output: { type: "json", value: { celsius: 21 } } }] },
      { role: "user", content: [{ type: "text", text: "And?" }] },
    ],
    tools: [{ type: "function", name: "get_weather", description: "weather", inputSchema: { type: "object" } }],
    toolChoice: { type: "tool", toolName: "get_weather" },
    maxOutputTokens: 2048,
    temperature: 1,
    stopSequences: ["STOP"],
    topK: 5,
    seed: 42,
    providerOptions: { aster: { user: "user-42", providerOptions: { anthropic: { service_tier: "auto" } } } },
  });
  const body = JSON.parse(replay.requests.find((r) => r.scenario === id).body);
  assert.deepEqual(body.system, [{ type: "text", text: "Be brief." }]);
  assert.equal(body.max_tokens, 2048);
  assert.deepEqual(body.stop_sequences, ["STOP"]);
  assert.equal(body.top_k, 5);
  assert.deepEqual(body.tool_choice, { type: "tool", name: "get_weather" });
  assert.deepEqual(body.tools, [{ name: "get_weather", description: "weather", input_schema: { type: "object" } }]);
  assert.deepEqual(body.metadata, { user_id: "user-42" });
  assert.equal(body.service_tier, "auto");
  assert.deepEqual(body.messages.map((m) => m.role), ["user", "assistant", "user"]);
  const [user, assistant, last] = body.messages;
  assert.deepEqual(user.content[0], { type: "text", text: "Look", cache_control: { type: "ephemeral" } });
  assert.deepEqual(user.content[1], { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } });
  assert.equal(user.content[2].type, "document");
  assert.deepEqual(user.content[2].source, { type: "base64", media_type: "application/pdf", data: "JVBERi0=" });
  assert.deepEqual(assistant.content[0], { type: "thinking", thinking: "hmm", signature: "sig-1" });
  assert.deepEqual(assistant.content[2], { type: "tool_use", id: "t1", name: "get_weather", input: { location: "Paris" } });
  assert.equal(last.content[0].type, "tool_result");
  assert.equal(last.content[0].tool_use_id, "t1");
  assert.equal(JSON.stringify(last.content[0].content).includes('{\\"celsius\\":21}'), true);
  assert.deepEqual(last.content[1], { type: "text", text: "And?" });

  // doGenerate's content: reasoning (redacted data or text with its signature), then the text.
  const reasoning = result.content.filter((p) => p.type === "reasoning");
  assert.equal(result.content[0].type, "reasoning");
  assert.ok(reasoning.some((p) => p.providerMetadata?.aster?.redactedData));
  assert.ok(reasoning.every((p) => p.providerMetadata?.aster?.redactedData || p.providerMetadata?.aster?.signature));
  assert.equal(result.content.at(-1).type, "text");
  assert.equal(result.finishReason.unified, "stop");
  assert.ok(result.warnings.some((w) => w.type === "unsupported" && w.feature === "seed"), "Anthropic has no seed: aster's warning");
  assert.equal(body.seed, undefined);
  assert.ok(result.providerMetadata.aster.totalCost > 0);
});

test("errors are APICallErrors without the key; an abort before the call is an AbortError", async () => {
  const id = `err-${++n}`;
  replay.enqueue(id, { status: 401, headers: { "content-type": "application/json", "request-id": "req_401", "set-cookie": "s=1" }, json: { type: "error", error: { type: "authentication_error", message: `invalid x-api-key: ${CANARY}` } } });
  const model = sdk.createAster({ env: { ANTHROPIC_API_KEY: CANARY, ANTHROPIC_BASE_URL: replay.base(id) } })("anthropic/claude-sonnet-4-5");
  const { APICallError } = await import("@ai-sdk/provider");
  const prompt = [{ role: "user", content: [{ type: "text", text: "hi" }] }];
  await assert.rejects(model.doStream({ prompt }), (err) => {
    assert.ok(APICallError.isInstance(err));
    assert.equal(err.statusCode, 401);
    assert.equal(err.isRetryable, false);
    assert.equal(err.data.code, "authentication");
    assert.ok(err.cause instanceof asterPkg.AsterError);
    // The response's actionable headers, nothing else (no cookie, no CORS, no content type).
    assert.deepEqual(err.cause.headers, { "request-id": "req_401" });
    assert.deepEqual(err.responseHeaders, { "request-id": "req_401" });
    assertNoCanary(err, "the APICallError");
    assertNoCanary(JSON.stringify(err.requestBodyValues), "the request values");
    return true;
  });

  const controller = new AbortController();
  controller.abort();
  const mock = sdk.createAster({ env: {} })("mock/echo");
  await assert.rejects(mock.doGenerate({ prompt, abortSignal: controller.signal }), (err) => err.name === "AbortError");

  // No key at all: the config error surfaces as an APICallError too, not retryable.
  const nokey = sdk.createAster({ env: {} })("anthropic/claude-sonnet-4-5");
  await assert.rejects(nokey.doGenerate({ prompt }), (err) => APICallError.isInstance(err) && err.data.code === "config" && !err.isRetryable);
});

test("the provider: language and embedding models; image models are NoSuchModelError", async () => {
  const { NoSuchModelError } = await import("@ai-sdk/provider");
  const aster = sdk.createAster({ env: {} });
  assert.equal(aster.specificationVersion, "v4");
  assert.equal(aster.languageModel("mock/echo").modelId, "mock/echo");
  const em = aster.embeddingModel("mock/embed");
  assert.equal(em.specificationVersion, "v4");
  assert.equal(em.provider, "aster.mock");
  assert.throws(() => aster.imageModel("x"), (e) => NoSuchModelError.isInstance(e));
});

test("embed and embedMany: vectors in order, usage, cost, dimensions, errors", async () => {
  const { embed, embedMany, cosineSimilarity } = await import("ai");
  const mock = sdk.createAster({ env: {} });
  const one = await embed({ model: mock.embeddingModel("mock/embed"), value: "alpha" });
  assert.equal(one.embedding.length, 16);
  assert.ok(one.usage.tokens > 0);
  const many = await embedMany({ model: mock.embeddingModel("mock/embed"), values: ["alpha", "beta", "alpha"] });
  assert.equal(many.embeddings.length, 3);
  assert.deepEqual(many.embeddings[0], one.embedding);
  assert.ok(Math.abs(cosineSimilarity(many.embeddings[0], many.embeddings[2]) - 1) < 1e-9);
  const short = await embed({ model: mock.embeddingModel("mock/embed", { dimensions: 4 }), value: "alpha" });
  assert.equal(short.embedding.length, 4);

  // A real provider's wire shape through the replay server: usage and cost from the catalog.
  const id = `embed-${++n}`;
  replay.enqueue(id, {
    headers: { "content-type": "application/json" },
    json: { object: "list", data: [{ object: "embedding", index: 0, embedding: [0.6, 0.8] }, { object: "embedding", index: 1, embedding: [1, 0] }], model: "text-embedding-3-small", usage: { prompt_tokens: 5, total_tokens: 5 } },
  });
  const openai = sdk.createAster({ env: { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: replay.base(id) } });
  const r = await embedMany({ model: openai.embeddingModel("openai/text-embedding-3-small"), values: ["hello", "world"], providerOptions: { aster: { dimensions: 2 } }, maxRetries: 0 });
  assert.deepEqual(r.embeddings, [[0.6, 0.8], [1, 0]]);
  assert.equal(r.usage.tokens, 5);
  assert.ok(r.providerMetadata.aster.totalCost > 0);
  const sent = JSON.parse(replay.requests.find((q) => q.scenario === id).body);
  assert.deepEqual(sent, { model: "text-embedding-3-small", input: ["hello", "world"], dimensions: 2 });

  const bad = `embed-${++n}`;
  replay.enqueue(bad, { status: 401, headers: { "content-type": "application/json" }, json: { error: { message: `bad key ${CANARY}`, type: "invalid_request_error", code: "invalid_api_key" } } });
  const failing = sdk.createAster({ env: { OPENAI_API_KEY: CANARY, OPENAI_BASE_URL: replay.base(bad) } });
  const { APICallError } = await import("@ai-sdk/provider");
  await assert.rejects(embed({ model: failing.embeddingModel("openai/text-embedding-3-small"), value: "x", maxRetries: 0 }), (err) => {
    assert.ok(APICallError.isInstance(err), String(err));
    assert.equal(err.statusCode, 401);
    assert.equal(err.requestBodyValues.input, undefined, "the texts are not copied into the error");
    assertNoCanary(err, "the embedding APICallError");
    return true;
  });
});

test("OpenAI chat on the wire: tool choice, JSON mode, sampling, tool outputs, URLs and text files; aster's warnings in stream-start", async () => {
  const id = `openai-${++n}`;
  replay.enqueue(id, scenarios.REPLAY_STEPS.structured[0]);
  const model = sdk.createAster({ env: { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: replay.base(id) } })("openai/gpt-4o-mini");
  const { stream, request } = await model.doStream({
    prompt: [
      {
        role: "user",
        content: [
          { type: "file", mediaType: "image/jpeg", data: { type: "url", url: new URL("https://example.com/cat.jpg") } },
          { type: "file", mediaType: "text/plain", data: { type: "data", data: new TextEncoder().encode("some notes") } },
        ],
      },
      { role: "assistant", content: [{ type: "tool-call", toolCallId: "a", toolName: "lookup", input: {} }, { type: "tool-call", toolCallId: "b", toolName: "lookup", input: {} }] },
      {
        role: "tool",
        content: [
          { type: "tool-result", toolCallId: "a", toolName: "lookup", output: { type: "error-text", value: "not found" } },
          { type: "tool-result", toolCallId: "b", toolName: "lookup", output: { type: "execution-denied", reason: "user said no" } },
        ],
      },
    ],
    tools: [{ type: "function", name: "lookup", inputSchema: { type: "object" } }],
    toolChoice: { type: "required" },
    responseFormat: { type: "json" },
    temperature: 0.2,
    topP: 0.9,
    topK: 3,
    seed: 42,
    reasoning: "xhigh",
  });
  const parts = await readParts(stream);
  const body = JSON.parse(replay.requests.find((r) => r.scenario === id).body);
  assert.equal(body.tool_choice, "required");
  assert.deepEqual(body.response_format, { type: "json_object" });
  assert.equal(body.temperature, 0.2);
  assert.equal(body.top_p, 0.9);
  assert.equal(body.top_k, undefined);
  assert.equal(body.seed, 42);
  const [user] = body.messages;
  assert.deepEqual(user.content[0], { type: "image_url", image_url: { url: "https://example.com/cat.jpg" } });
  assert.match(JSON.stringify(user.content[1]), /some notes/);
  const tools = body.messages.filter((m) => m.role === "tool");
  assert.deepEqual(tools.map((m) => m.tool_call_id), ["a", "b"]);
  assert.match(JSON.stringify(tools), /not found/);
  assert.match(JSON.stringify(tools), /user said no/);
  assert.equal(request.body.reasoning.effort, "high");

  const start = parts[0];
  assert.equal(start.type, "stream-start");
  assert.ok(start.warnings.some((w) => w.type === "compatibility" && w.feature === "reasoning xhigh"), JSON.stringify(start.warnings));
  assert.ok(start.warnings.some((w) => w.type === "unsupported" && w.feature === "topK"), "aster's own warning: OpenAI has no top_k");
  assert.equal(parts.at(-1).type, "finish");
});

test("a stream cut after output ends in an error part (no finish), an APICallError", async () => {
  const id = `cut-${++n}`;
  replay.enqueue(id, { cassette: THINKING, pieceSize: 200, resetAfterBytes: 3000 });
  const model = sdk.createAster({ env: { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: replay.base(id) }, config: { retry: { maxRetries: 0 } } })("anthropic/claude-sonnet-4-5");
  const { stream } = await model.doStream({ prompt: [{ role: "user", content: [{ type: "text", text: "hi" }] }] });
  const parts = await readParts(stream);
  assert.ok(parts.some((p) => p.type === "reasoning-delta"));
  assert.equal(parts.filter((p) => p.type === "finish").length, 0);
  const last = parts.at(-1);
  assert.equal(last.type, "error");
  const { APICallError } = await import("@ai-sdk/provider");
  assert.ok(APICallError.isInstance(last.error));
  assert.ok(["network", "decode"].includes(last.error.data.code), last.error.data.code);
});

// ---------------------------------------------------------------------------------------------
// Size (issue budget: the adapter adds <= 5 KB gzip to what a browser app ships), measured as
// bench/size.mjs measures (esbuild: bundle, minify, ESM, browser; gzip -9): an app streaming
// with `ai` over aster's own API, and the same app through `aster/ai-sdk`. The .wasm is the same
// file in both, so the difference is JS.
// ---------------------------------------------------------------------------------------------

async function browserBundle(name, code) {
  const { build } = await import("esbuild");
  const zlib = await import("node:zlib");
  const dir = path.join(tmp, "size", name);
  fs.mkdirSync(dir, { recursive: true });
  const entry = path.join(dir, "entry.mjs");
  fs.writeFileSync(entry, code);
  const r = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    absWorkingDir: here,
    // The entry is in a temporary folder: resolve as an app in tests/js would (aster, ai).
    nodePaths: [path.join(here, "node_modules"), path.join(repoRoot, "node_modules")],
    logLevel: "silent",
    loader: { ".wasm": "file" },
    outdir: dir,
  });
  const js = r.outputFiles.filter((f) => f.path.endsWith(".js"));
  const text = js.map((f) => f.text).join("\n");
  return { text, jsGz: js.reduce((s, f) => s + zlib.gzipSync(f.contents, { level: 9 }).length, 0) };
}

test("size: aster/ai-sdk adds <= 5 KB gzip to a browser app; @ai-sdk/provider is bundled once", async (t) => {
  const without = await browserBundle(
    "without",
    `import { createWithNamedModel } from "aster";
import { streamText } from "ai";
export async function run(name) {
  const client = await createWithNamedModel(name);
  for await (const c of client.stream({ messages: [{ role: "user", content: "hi" }] })) console.log(c);
  return streamText;
}`,
  );
  const withAdapter = await browserBundle(
    "with",
    `import { createAster } from "aster/ai-sdk";
import { streamText } from "ai";
export async function run(name) {
  const r = streamText({ model: createAster()(name), prompt: "hi" });
  for await (const p of r.fullStream) console.log(p);
}`,
  );
  const delta = withAdapter.jsGz - without.jsGz;
  t.diagnostic(`browser JS gzip -9: ai + aster ${without.jsGz} B, ai + aster/ai-sdk ${withAdapter.jsGz} B, adapter +${delta} B`);
  assert.ok(delta <= 5 * 1024, `the adapter adds ${delta} B gzip`);
  // One copy of @ai-sdk/provider (its APICallError marker name appears once per copy).
  const copies = (s) => s.split('"AI_APICallError"').length - 1;
  assert.equal(copies(withAdapter.text), copies(without.text));
  assert.equal(copies(withAdapter.text), 1);
});
