// client.countTokens(request): the provider's own count where it has a counting API
// (Anthropic `count_tokens`, Gemini `countTokens`, served by the replay server), the
// estimator elsewhere — and a provider-run tool surfacing as a `provider_tool` chunk.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { loadAster, configFor, drain } from "./setup.mjs";
import { startReplay } from "../replay/server.mjs";

let aster;
let replay;
before(async () => {
  aster = await loadAster();
  replay = await startReplay();
});
after(() => replay.close());

const REQUEST = {
  system: "Be brief.",
  messages: [{ role: "user", content: "What is the capital of France?" }],
  maxTokens: 100,
};

test("Anthropic: asks count_tokens, with the generation request's auth and without max_tokens", async () => {
  replay.enqueue("count-anthropic", { json: { input_tokens: 17 } });
  const client = new aster.Client(configFor("anthropic", replay.base("count-anthropic"), "claude-sonnet-4-5"), { env: {} });
  const before = replay.requests.length;
  const c = await client.countTokens(REQUEST);
  assert.equal(c.inputTokens, 17);
  assert.equal(c.estimated, false);
  assert.ok(c.totalCost > 0, `priced from the catalog: ${c.totalCost}`);
  const up = replay.requests[before];
  assert.equal(up.path, "/v1/messages/count_tokens");
  assert.equal(up.headers["x-api-key"], "sk-test-key");
  const body = JSON.parse(up.body);
  assert.equal(body.max_tokens, undefined);
  assert.equal(body.model, "claude-sonnet-4-5");
  assert.ok(body.system);
});

test("Gemini: asks countTokens", async () => {
  replay.enqueue("count-gemini", { json: { totalTokens: 11 } });
  const client = new aster.Client(configFor("gemini", replay.base("count-gemini"), "gemini-2.5-flash"), { env: {} });
  const before = replay.requests.length;
  const c = await client.countTokens(REQUEST);
  assert.deepEqual([c.inputTokens, c.estimated], [11, false]);
  const up = replay.requests[before];
  assert.equal(up.path, "/v1beta/models/gemini-2.5-flash:countTokens");
  assert.ok(JSON.parse(up.body).generateContentRequest.contents.length > 0);
});

test("elsewhere (and when the counting call fails) the estimator answers, flagged", async () => {
  const mock = new aster.Client({ type: "mock" }, { env: {} });
  const m = await mock.countTokens(REQUEST);
  assert.ok(m.inputTokens > 0);
  assert.equal(m.estimated, true);

  const before = replay.requests.length;
  const openai = new aster.Client(configFor("openai-chat", replay.base("count-openai"), "gpt-4o"), { env: {} });
  const o = await openai.countTokens(REQUEST);
  assert.equal(o.estimated, true);
  assert.ok(o.inputTokens > 0);
  assert.ok(o.totalCost > 0);
  assert.equal(replay.requests.length, before, "OpenAI has no counting API: nothing was sent");

  replay.enqueue("count-down", { status: 503, json: { type: "error", error: { type: "overloaded_error", message: "busy" } } });
  const down = new aster.Client(configFor("anthropic", replay.base("count-down"), "claude-sonnet-4-5"), { env: {} });
  const d = await down.countTokens(REQUEST);
  assert.equal(d.estimated, true);

  replay.enqueue("count-auth", { status: 401, json: { type: "error", error: { type: "authentication_error", message: "bad key" } } });
  const bad = new aster.Client(configFor("anthropic", replay.base("count-auth"), "claude-sonnet-4-5"), { env: {} });
  await assert.rejects(bad.countTokens(REQUEST), (err) => err.code === "authentication");
});

test("Anthropic server tools come out as provider_tool chunks, never tool calls", async () => {
  replay.enqueue("server-tools", { cassette: "anthropic/test_anthropic_model_web_search_tool_stream/00" });
  const client = new aster.Client(configFor("anthropic", replay.base("server-tools"), "claude-sonnet-4-5"), { env: {} });
  const { chunks, error } = await drain(client.stream(REQUEST));
  assert.equal(error, null);
  assert.ok(!chunks.some((c) => c.type.startsWith("tool_call")));
  const tools = chunks.filter((c) => c.type === "provider_tool");
  assert.equal(tools.length, 2);
  assert.equal(tools[0].name, "web_search");
  assert.ok(tools[0].input.query);
  assert.ok(Array.isArray(tools[0].result), "the call carries its result");
  assert.equal(chunks.at(-1).reason, "stop");
});
