// The gateway's guards and failure paths on workerd: the token (401), the body limit (413,
// by Content-Length and by counting a body sent without one), CORS, upstream failures (429,
// 5xx, resets before and after output) in each API's shape, fallback, and that callers can
// neither pick an upstream URL nor pass headers through.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { drainOpenAI, setup, TOKEN, UPSTREAM_KEYS } from "./setup.mjs";

let t;
before(async () => {
  t = await setup();
});
after(async () => {
  await t?.stop();
});

const chat = { model: "mock/echo", messages: [{ role: "user", content: "hi" }] };
const anthropicChat = { ...chat, max_tokens: 64 };

function post(path, body, headers = {}) {
  return fetch(`${t.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

test("no token: 401 in the OpenAI and the Anthropic shape", async () => {
  let res = await post("/v1/chat/completions", chat);
  assert.equal(res.status, 401);
  let body = await res.json();
  assert.equal(body.error.type, "authentication_error");
  assert.match(body.error.message, /missing gateway token/);
  res = await post("/v1/messages", anthropicChat);
  assert.equal(res.status, 401);
  body = await res.json();
  assert.deepEqual(Object.keys(body).sort(), ["error", "type"]);
  assert.equal(body.type, "error");
  assert.equal(body.error.type, "authentication_error");
  res = await fetch(`${t.url}/v1/models`);
  assert.equal(res.status, 401);
});

test("wrong token: the official clients raise AuthenticationError (401)", async () => {
  const openai = new OpenAI({ apiKey: `${TOKEN}x`, baseURL: `${t.url}/v1`, maxRetries: 0 });
  await assert.rejects(openai.chat.completions.create(chat), (err) => {
    assert.ok(err instanceof OpenAI.AuthenticationError);
    assert.equal(err.status, 401);
    assert.match(err.message, /invalid gateway token/);
    return true;
  });
  const anthropic = new Anthropic({ apiKey: "sk-ant-not-the-token", baseURL: t.url, maxRetries: 0 });
  await assert.rejects(anthropic.messages.create(anthropicChat), (err) => {
    assert.ok(err instanceof Anthropic.AuthenticationError);
    assert.equal(err.error.error.type, "authentication_error");
    return true;
  });
  // The token as a bearer works for Anthropic clients too (authToken).
  const bearer = new Anthropic({ authToken: TOKEN, apiKey: null, baseURL: t.url, maxRetries: 0 });
  const msg = await bearer.messages.create(anthropicChat);
  assert.equal(msg.type, "message");
});

test("oversized bodies: 413 by Content-Length, and by counting a body without one", async () => {
  const big = { ...anthropicChat, messages: [{ role: "user", content: "x".repeat(70_000) }] };
  let res = await post("/v1/messages", big, { "x-api-key": TOKEN });
  assert.equal(res.status, 413);
  let body = await res.json();
  assert.equal(body.error.type, "request_too_large");
  res = await post("/v1/chat/completions", big, { authorization: `Bearer ${TOKEN}` });
  assert.equal(res.status, 413);
  body = await res.json();
  assert.match(body.error.message, /larger than this gateway accepts/);

  // A body sent without a Content-Length (chunked): counted while read.
  const chunked = (size, total, onPull = () => {}) => {
    let sent = 0;
    return new ReadableStream({
      pull(c) {
        onPull(size);
        sent += size;
        c.enqueue(new Uint8Array(size).fill(32));
        if (sent >= total) c.close();
      },
    });
  };
  res = await fetch(`${t.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: chunked(20_000, 100_000),
    duplex: "half",
  });
  assert.equal(res.status, 413);
  assert.equal((await res.json()).error.type, "invalid_request_error");

  // One that would go on for megabytes: the gateway stops reading at the limit and answers
  // (or the connection is closed under the upload), long before the end.
  let sent = 0;
  let status = null;
  let answer = null;
  try {
    res = await fetch(`${t.url}/v1/messages`, {
      method: "POST",
      headers: { "x-api-key": TOKEN, "content-type": "application/json" },
      body: chunked(16_384, 8_000_000, (n) => (sent += n)),
      duplex: "half",
    });
    status = res.status;
    answer = await res.json();
  } catch {
    // The server closed the connection while the client was still sending.
  }
  // Either the gateway answered 413, or it closed the connection under the upload; either way
  // it stopped reading at the limit, so a closed connection must have cut the upload short.
  assert.ok(
    status === 413 || (status === null && sent < 8_000_000),
    `status ${status}, sent ${sent} bytes`,
  );
  // An answer is in the caller's (Anthropic's) error shape.
  if (status === 413) assert.deepEqual([answer.type, answer.error.type], ["error", "request_too_large"]);
  // The gateway on workerd goes on serving: the very next request is answered.
  res = await post("/v1/chat/completions", chat, { authorization: `Bearer ${TOKEN}` });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).object, "chat.completion");
});

test("malformed requests: 400 invalid_request naming the problem", async () => {
  const h = { authorization: `Bearer ${TOKEN}` };
  let res = await post("/v1/chat/completions", "{not json", h);
  assert.equal(res.status, 400);
  assert.match((await res.json()).error.message, /not valid JSON/);
  res = await post("/v1/chat/completions", { model: "mock/echo" }, h);
  assert.equal(res.status, 400);
  assert.match((await res.json()).error.message, /messages/);
});

test("CORS: own origin allowed (preflight and request), others refused", async () => {
  let res = await fetch(`${t.url}/v1/chat/completions`, {
    method: "OPTIONS",
    headers: {
      origin: t.url,
      "access-control-request-method": "POST",
      "access-control-request-headers": "authorization, content-type, x-stainless-os",
    },
  });
  assert.equal(res.status, 204);
  assert.equal(res.headers.get("access-control-allow-origin"), t.url);
  assert.match(res.headers.get("access-control-allow-headers"), /x-stainless-os/);
  res = await post("/v1/chat/completions", chat, { origin: t.url, authorization: `Bearer ${TOKEN}` });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("access-control-allow-origin"), t.url);
  await res.arrayBuffer();
  res = await post("/v1/chat/completions", chat, { origin: "https://evil.example", authorization: `Bearer ${TOKEN}` });
  assert.equal(res.status, 403);
  assert.equal(res.headers.get("access-control-allow-origin"), null);
  await res.arrayBuffer();
});

test("upstream 429: RateLimitError with the upstream's wait, in both shapes", async () => {
  const rate = { error: { message: "Rate limit reached for gpt-4o", type: "requests", code: "rate_limit_exceeded" } };
  t.replay.enqueue("openai", { status: 429, headers: { "retry-after": "7" }, json: rate });
  await assert.rejects(t.openai.chat.completions.create({ ...chat, model: "fast" }), (err) => {
    assert.ok(err instanceof OpenAI.RateLimitError);
    assert.equal(err.status, 429);
    assert.equal(err.headers.get("retry-after"), "7");
    assert.match(err.message, /Rate limit reached/);
    return true;
  });
  const overloaded = { type: "error", error: { type: "rate_limit_error", message: "Number of requests has exceeded your rate limit" } };
  t.replay.enqueue("anthropic", { status: 429, headers: { "retry-after": "3" }, json: overloaded });
  await assert.rejects(t.anthropic.messages.create({ ...anthropicChat, model: "anthropic/claude-sonnet-4-5" }), (err) => {
    assert.ok(err instanceof Anthropic.RateLimitError);
    assert.equal(err.error.error.type, "rate_limit_error");
    return true;
  });
});

test("upstream 5xx and 529: server errors in both shapes; keys never echoed", async () => {
  t.replay.enqueue("openai", { status: 500, json: { error: { message: `boom ${UPSTREAM_KEYS.OPENAI_API_KEY}`, type: "server_error" } } });
  await assert.rejects(t.openai.chat.completions.create({ ...chat, model: "openai/gpt-4o" }), (err) => {
    assert.ok(err instanceof OpenAI.InternalServerError);
    assert.equal(err.status, 500);
    assert.ok(!err.message.includes(UPSTREAM_KEYS.OPENAI_API_KEY), err.message);
    return true;
  });
  t.replay.enqueue("anthropic", { status: 529, json: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } } });
  await assert.rejects(
    t.anthropic.messages.create({ ...anthropicChat, model: "anthropic/claude-sonnet-4-5", stream: true }),
    (err) => {
      assert.equal(err.status, 529);
      assert.equal(err.error.error.type, "overloaded_error");
      return true;
    },
  );
});

test("upstream reset before any output: 502 in the caller's shape, not a broken stream", async () => {
  t.replay.enqueue("openai", { cassette: "openai/test_openai_moderation_stream/00", resetAfterBytes: 0 });
  await assert.rejects(
    t.openai.chat.completions.create({ ...chat, model: "openai/gpt-5", stream: true }),
    (err) => {
      assert.ok(err instanceof OpenAI.APIError);
      assert.equal(err.status, 502);
      return true;
    },
  );
});

test("upstream reset after output: the stream ends with an error event each client raises", async () => {
  t.replay.enqueue("openai", { cassette: "openai/test_openai_moderation_stream/00", pieceSize: 200, resetAfterBytes: 800 });
  const stream = await t.openai.chat.completions.create({ ...chat, model: "openai/gpt-5", stream: true });
  let text = "";
  await assert.rejects(
    (async () => {
      for await (const c of stream) text += c.choices[0]?.delta?.content ?? "";
    })(),
    (err) => {
      assert.ok(err instanceof OpenAI.APIError);
      return true;
    },
  );
  assert.equal(text, "Paris");
  t.replay.enqueue("anthropic", { cassette: "anthropic/test_anthropic_model_thinking_part_stream/00", pieceSize: 500, resetAfterBytes: 3000 });
  const s = t.anthropic.messages.stream({ ...anthropicChat, model: "anthropic/claude-sonnet-4-5" });
  await assert.rejects(s.finalMessage(), (err) => {
    assert.ok(err instanceof Anthropic.APIError);
    assert.equal(err.error.type, "error");
    assert.equal(err.error.error.type, "api_error");
    return true;
  });
});

test("fallback: the next target answers when one fails before output", async () => {
  t.replay.enqueue("openai", { status: 500, json: { error: { message: "down", type: "server_error" } } });
  t.replay.enqueue("anthropic", { cassette: "anthropic/test_request_stream_fallback_for_high_max_tokens/00", pieceSize: 50 });
  const before = t.replay.requests.length;
  const stream = await t.openai.chat.completions.create({
    ...chat,
    model: "fallback",
    stream: true,
    stream_options: { include_usage: true },
  });
  const out = await drainOpenAI(stream);
  assert.ok(out.text.length > 0);
  assert.equal(out.model, "fallback");
  const hits = t.replay.requests.slice(before).map((r) => r.scenario);
  assert.deepEqual(hits, ["openai", "anthropic"]);

  // Both providers fail: the mock, last in the list, answers.
  t.replay.enqueue("openai", { status: 503, body: "unavailable" });
  t.replay.enqueue("anthropic", { status: 529, json: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } } });
  const msg = await t.anthropic.messages.create({ ...anthropicChat, model: "fallback" });
  assert.match(msg.content[0].text, /aster mock provider/);

  // Output already sent: no fallback; the stream fails, the next target is never called.
  t.replay.enqueue("openai", { cassette: "openai/test_openai_moderation_stream/00", pieceSize: 200, resetAfterBytes: 800 });
  const n = t.replay.requests.length;
  const s2 = await t.openai.chat.completions.create({ ...chat, model: "fallback", stream: true });
  await assert.rejects(drainOpenAI(s2));
  assert.deepEqual(
    t.replay.requests.slice(n).map((r) => r.scenario),
    ["openai"],
  );
});

test("callers pick model names, never upstream URLs, and their headers stay home", async () => {
  for (const model of ["http://127.0.0.1:1/v1", "gpt-4o", "nope/model"]) {
    await assert.rejects(t.openai.chat.completions.create({ ...chat, model }), (err) => {
      assert.ok(err instanceof OpenAI.NotFoundError, `${model}: ${err}`);
      return true;
    });
  }
  t.replay.enqueue("openai", { cassette: "openai/test_openai_moderation_stream/00" });
  const before = t.replay.requests.length;
  const res = await post(
    "/v1/chat/completions",
    { ...chat, model: "openai/gpt-5", base_url: "http://evil.example/v1", baseURL: "http://evil.example" },
    {
      authorization: `Bearer ${TOKEN}`,
      "x-forwarded-host": "evil.example",
      "openai-organization": "org-caller",
      "x-custom-caller": "1",
      cookie: "session=1",
    },
  );
  assert.equal(res.status, 200);
  await res.json();
  const entry = t.replay.requests[before];
  assert.equal(entry.path, "/v1/chat/completions");
  for (const h of ["x-forwarded-host", "openai-organization", "x-custom-caller", "cookie"]) {
    assert.equal(entry.headers[h], undefined, `${h} must not be forwarded`);
  }
  assert.equal(entry.headers.authorization, `Bearer ${UPSTREAM_KEYS.OPENAI_API_KEY}`);
  assert.ok(!entry.body.includes("evil.example"));
});
