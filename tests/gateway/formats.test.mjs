// Every wire format behind the gateway: recorded provider streams (the corpus) served by the
// replay server, in odd-sized pieces, to the gateway on workerd, read back through the
// official OpenAI client (streaming) and Anthropic client (not streaming). The reference is
// the native decoder (`aster decode --aggregate`) on the same bytes.
//
// Also checked on every upstream request: it went where the operator's configuration says,
// with the provider key from the Worker's secrets — and carries nothing of the caller's (the
// gateway token never reaches an upstream).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { corpusDir, loadCassette } from "../replay/server.mjs";
import { repoRoot } from "./harness.mjs";
import { drainOpenAI, payloadPartFrames, setup, TOKEN, UPSTREAM_KEYS } from "./setup.mjs";

let t;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aster-formats-"));
before(async () => {
  execFileSync("cargo", ["build", "--quiet", "--bin", "aster"], { cwd: repoRoot, stdio: "inherit" });
  t = await setup();
});
after(async () => {
  await t?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const corpus = (rel) => path.join(corpusDir(), rel);

/** The body bytes of a case, and a file holding them for the reference decoder. */
function bodyOf(c) {
  if (c.cassette) {
    const cas = loadCassette(c.cassette);
    const file = path.join(tmp, `${c.name}-${cas.bodyFile}`);
    fs.writeFileSync(file, cas.body);
    return { body: cas.body, file, contentType: cas.headers["content-type"] };
  }
  const body = c.make();
  const file = path.join(tmp, `${c.name}.${c.ext}`);
  fs.writeFileSync(file, c.referenceBody ? c.referenceBody() : body);
  return { body, file, contentType: c.contentType };
}

function reference(format, file) {
  const cli = path.join(repoRoot, "target", "debug", "aster");
  const out = execFileSync(cli, ["decode", "--format", format, "--aggregate", file], { encoding: "utf8" });
  const agg = JSON.parse(out.trim().split("\n").pop());
  assert.equal(agg.error, undefined, `reference decoder failed: ${JSON.stringify(agg.error)}`);
  return agg;
}

const mistralSse = () =>
  Buffer.from(
    fs
      .readFileSync(corpus("chunks/mistral/mistral-reasoning.chunks.txt"), "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => `data: ${l}\n\n`)
      .join("") + "data: [DONE]\n\n",
  );
const tgiSse = () => fs.readFileSync(path.join(repoRoot, "tests/fixtures/tgi/stream_eos.sse"));

const CASES = [
  {
    name: "openai-chat",
    priced: true,
    model: "openai/gpt-5",
    cassette: "openai/test_openai_moderation_stream/00",
    path: "/v1/chat/completions",
    auth: (h) => h.authorization === `Bearer ${UPSTREAM_KEYS.OPENAI_API_KEY}`,
  },
  {
    name: "openai-responses",
    priced: true,
    model: "responses/gpt-4.1",
    cassette: "openai_responses/test_openai_responses_stream/00",
    path: "/v1/responses",
    auth: (h) => h.authorization === `Bearer ${UPSTREAM_KEYS.OPENAI_API_KEY}`,
  },
  {
    name: "anthropic",
    priced: true,
    model: "anthropic/claude-sonnet-4-5",
    cassette: "anthropic/test_anthropic_model_thinking_part_stream/00",
    path: "/v1/messages",
    auth: (h) => h["x-api-key"] === UPSTREAM_KEYS.ANTHROPIC_API_KEY,
  },
  {
    name: "gemini",
    priced: true,
    model: "google/gemini-2.5-flash",
    make: () => fs.readFileSync(corpus("genai/gemini/thinking_stream/response_000.txt")),
    ext: "sse",
    contentType: "text/event-stream",
    path: "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
    auth: (h) => h["x-goog-api-key"] === UPSTREAM_KEYS.GEMINI_API_KEY,
  },
  {
    name: "ollama",
    model: "ollama/gemma3:4b",
    make: () => fs.readFileSync(corpus("genai/ollama_cloud/simple_stream/response_000.txt")),
    ext: "ndjson",
    contentType: "application/x-ndjson",
    path: "/api/chat",
    auth: (h) => h.authorization === undefined,
  },
  {
    name: "mistral",
    model: "mistral/magistral-medium-2507",
    make: mistralSse,
    ext: "sse",
    contentType: "text/event-stream",
    path: "/v1/chat/completions",
    auth: (h) => h.authorization === `Bearer ${UPSTREAM_KEYS.MISTRAL_API_KEY}`,
  },
  {
    name: "bedrock-converse",
    model: "bedrock/us.amazon.nova-micro-v1:0",
    cassette: "bedrock/test_bedrock_model_stream/00",
    path: "/model/us.amazon.nova-micro-v1%3A0/converse-stream",
    auth: (h) => h.authorization.startsWith(`AWS4-HMAC-SHA256 Credential=${UPSTREAM_KEYS.AWS_ACCESS_KEY_ID}/`),
  },
  {
    name: "tgi",
    model: "sagemaker_tgi/my-endpoint",
    make: () => payloadPartFrames(tgiSse(), 23),
    referenceBody: tgiSse,
    ext: "sse",
    contentType: "application/vnd.amazon.eventstream",
    path: "/endpoints/my-endpoint/invocations-response-stream",
    auth: (h) => h.authorization.startsWith("AWS4-HMAC-SHA256 "),
    // TGI streams report no prompt size: the gateway estimates it from the request.
    estimatedInput: true,
  },
];

const SCENARIO = {
  "openai-chat": "openai",
  "openai-responses": "responses",
  anthropic: "anthropic",
  gemini: "google",
  ollama: "ollama",
  mistral: "mistral",
  "bedrock-converse": "bedrock",
  tgi: "sagemaker",
};

function enqueue(c, body, contentType) {
  const step = { bodyBase64: body.toString("base64"), pieces: [37, 5, 101], headers: {} };
  if (contentType) step.headers["content-type"] = contentType;
  t.replay.enqueue(SCENARIO[c.name], step);
}

function checkUpstream(c, entry) {
  assert.equal(entry.method, "POST");
  assert.equal(entry.path, c.path);
  assert.ok(c.auth(entry.headers), `upstream auth header for ${c.name}`);
  for (const [k, v] of Object.entries(entry.headers)) {
    assert.ok(!String(v).includes(TOKEN), `the gateway token leaked upstream in ${k}`);
  }
}

const ANTHROPIC_STOP = { stop: "end_turn", tool_calls: "tool_use", length: "max_tokens" };

for (const c of CASES) {
  describe(`${c.name} upstream`, () => {
    test("→ OpenAI client, streaming", async () => {
      const { body, file, contentType } = bodyOf(c);
      const ref = reference(c.name, file);
      enqueue(c, body, contentType);
      const before = t.replay.requests.length;
      const stream = await t.openai.chat.completions.create({
        model: c.model,
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: "user", content: "What is the capital of France?" }],
      });
      const out = await drainOpenAI(stream);
      assert.equal(out.text, ref.text);
      assert.equal(out.reasoning, ref.reasoning);
      assert.equal(out.finish, ref.finishReason);
      assert.equal(out.model, c.model);
      const calls = Object.values(out.tools).map((x) => ({ name: x.name, arguments: JSON.parse(x.arguments) }));
      assert.deepEqual(calls, ref.toolCalls.map((x) => ({ name: x.name, arguments: x.arguments })));
      if (!c.estimatedInput) assert.equal(out.usage.prompt_tokens, ref.usage.inputTokens);
      assert.equal(out.usage.completion_tokens, ref.usage.outputTokens);
      assert.equal(out.usage.prompt_tokens_details.cached_tokens, ref.usage.cacheReadTokens);
      checkUpstream(c, t.replay.requests[before]);
    });

    test("→ Anthropic client, not streaming", async () => {
      const { body, file, contentType } = bodyOf(c);
      const ref = reference(c.name, file);
      enqueue(c, body, contentType);
      const before = t.replay.requests.length;
      const msg = await t.anthropic.messages.create({
        model: c.model,
        max_tokens: 1024,
        messages: [{ role: "user", content: "What is the capital of France?" }],
      });
      const text = msg.content.filter((b) => b.type === "text").map((b) => b.text).join("");
      const thinking = msg.content.filter((b) => b.type === "thinking").map((b) => b.thinking).join("");
      const calls = msg.content.filter((b) => b.type === "tool_use").map((b) => ({ name: b.name, arguments: b.input }));
      assert.equal(text, ref.text);
      assert.equal(thinking, ref.reasoning);
      assert.deepEqual(calls, ref.toolCalls.map((x) => ({ name: x.name, arguments: x.arguments })));
      assert.equal(msg.stop_reason, ANTHROPIC_STOP[ref.finishReason]);
      assert.equal(msg.model, c.model);
      const u = ref.usage;
      if (!c.estimatedInput) assert.equal(msg.usage.input_tokens, u.inputTokens - u.cacheReadTokens - u.cacheWriteTokens);
      assert.equal(msg.usage.cache_read_input_tokens, u.cacheReadTokens);
      assert.equal(msg.usage.output_tokens, u.outputTokens);
      // Priced from the model catalog where the model is in it; the gateway adds `cost`.
      if (c.priced) assert.ok(msg.usage.cost > 0, `cost ${msg.usage.cost}`);
      checkUpstream(c, t.replay.requests[before]);
    });
  });
}
