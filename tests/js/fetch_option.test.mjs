// The client's `fetch` option: requests go through the caller's fetch (a proxy-aware fetch, a
// Worker service binding, or a test double replaying recorded bytes) instead of the global one.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { loadAster, corpusDir, drain } from "./setup.mjs";

let aster;
before(async () => {
  aster = await loadAster();
});

const RECORDING = path.join("cassettes", "openai", "test_openai_moderation_stream", "00", "body.sse");

test("client.stream sends through options.fetch and decodes what it answers", async () => {
  const body = fs.readFileSync(path.join(corpusDir(), RECORDING));
  const seen = [];
  const fetch = async (url, init) => {
    seen.push({ url, method: init.method, auth: new Headers(init.headers).get("authorization") });
    return new Response(body, { status: 200, headers: { "content-type": "text/event-stream" } });
  };
  // An unroutable base URL: only the option's fetch can answer.
  const client = new aster.Client({ type: "openai", apiKey: "sk-test-key", model: "gpt-5", baseUrl: "http://aster-test.invalid/v1" }, { fetch, env: {} });
  const { chunks, error } = await drain(client.stream({ messages: [{ role: "user", content: "Hello" }] }));
  assert.equal(error, null);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].url, "http://aster-test.invalid/v1/chat/completions");
  assert.equal(seen[0].method, "POST");
  assert.equal(seen[0].auth, "Bearer sk-test-key");
  assert.equal(chunks.at(-1).type, "finish");
  assert.ok(chunks.some((c) => c.type === "text"));
});

test("create() takes the fetch option too, and a non-function is a config error", async () => {
  let calls = 0;
  const fetch = async () => {
    calls++;
    return new Response('data: {"choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n', {
      status: 200,
      headers: { "content-type": "text/event-stream" },
    });
  };
  const client = await aster.create({ env: { OPENAI_API_KEY: "sk-test-key", OPENAI_BASE_URL: "http://aster-test.invalid/v1" }, fetch });
  const { chunks, error } = await drain(client.stream({ messages: [{ role: "user", content: "Hello" }] }));
  assert.equal(error, null);
  assert.equal(calls, 1);
  assert.equal(chunks.filter((c) => c.type === "text").map((c) => c.text).join(""), "hi");
  assert.throws(() => new aster.Client({ type: "mock" }, { fetch: "not a function", env: {} }), (e) => e.code === "config");
});
