// Abuse and faults on the gateway (workerd), beyond security.test.mjs: token look-alikes,
// caller-supplied hosts and URLs hidden in model names (SSRF), header injection through model
// names, slow and vanishing clients, many concurrent streams, and the upstream fault matrix
// in both APIs' shapes. Writes its rows to test-artifacts/gateway-faults.md.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { repoRoot } from "./harness.mjs";
import { setup, TOKEN, UPSTREAM_KEYS } from "./setup.mjs";

let t;
const rows = [];
before(async () => {
  t = await setup();
});
after(async () => {
  await t?.stop();
  const dir = path.join(repoRoot, "test-artifacts");
  fs.mkdirSync(dir, { recursive: true });
  const table = ["| fault | API | got | error type | body |", "|---|---|---|---|---|", ...rows.map((r) => `| ${r.join(" | ")} |`)];
  fs.writeFileSync(path.join(dir, "gateway-faults.md"), table.join("\n") + "\n");
});

const SSE_CASE = "anthropic/test_anthropic_model_thinking_part_stream/00";
const OPENAI_CASE = "openai/test_openai_moderation_stream/00";
const chat = { model: "mock/echo", messages: [{ role: "user", content: "hi" }] };
const anthropicChat = { ...chat, max_tokens: 64 };

function post(p, body, headers = {}, init = {}) {
  return fetch(`${t.url}${p}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
    ...init,
  });
}

test("token look-alikes are all refused; only the exact token passes", async () => {
  const refused = [
    { authorization: `Bearer ${TOKEN}x` },
    { authorization: `Bearer ${TOKEN.slice(0, -1)}` },
    { authorization: `Bearer ${TOKEN.toUpperCase()}` },
    { authorization: `Bearer ${TOKEN.slice(0, 1)}` },
    { authorization: "Bearer " },
    { authorization: `Basic ${Buffer.from(`user:${TOKEN}`).toString("base64")}` },
    { authorization: TOKEN },
    { "x-api-key": `${TOKEN} ` + "x" },
    { "x-api-key": "" },
    { "x-gateway-token": TOKEN },
    { cookie: `token=${TOKEN}` },
  ];
  for (const headers of refused) {
    const res = await post("/v1/chat/completions", chat, headers);
    assert.equal(res.status, 401, JSON.stringify(headers));
    const body = await res.text();
    assert.ok(!body.includes(TOKEN), "the token is never echoed");
  }
  // The token in the query string is no credential either.
  const q = await post(`/v1/chat/completions?key=${TOKEN}&api_key=${TOKEN}`, chat);
  assert.equal(q.status, 401);
  await q.text();
  for (const headers of [{ authorization: `Bearer ${TOKEN}` }, { "x-api-key": TOKEN }]) {
    const res = await post("/v1/chat/completions", chat, headers);
    assert.equal(res.status, 200, JSON.stringify(headers));
    await res.json();
  }
});

test("model names cannot smuggle hosts, URLs, paths or headers upstream", async () => {
  const auth = { authorization: `Bearer ${TOKEN}` };
  const sneaky = [
    "openai/gpt-4o@evil.example",
    "openai/../../../evil",
    "openai/%2e%2e/%2e%2e/evil",
    "openai/gpt-4o?url=http://evil.example/",
    "openai/gpt-4o#http://evil.example/",
    "openai/http://evil.example/v1",
    "openai//evil.example/v1",
    "openai/gpt-4o\r\nX-Injected: 1",
    "openai/gpt-4o\nHost: evil.example",
    "openai/gpt\u00004o",
    "openai/gpt-4o\u2028x",
    "openai/" + "a".repeat(20_000),
  ];
  for (const model of sneaky) {
    const before = t.replay.requests.length;
    t.replay.enqueue("openai", { cassette: OPENAI_CASE });
    const res = await post("/v1/chat/completions", { ...chat, model }, auth);
    const text = await res.text();
    assert.ok([200, 400, 404].includes(res.status), `${JSON.stringify(model)}: status ${res.status}`);
    assert.equal(res.headers.get("x-injected"), null);
    for (const entry of t.replay.requests.slice(before)) {
      // Whatever reached an upstream went to the configured one, on its path, with clean headers.
      assert.equal(entry.scenario, "openai", JSON.stringify(model));
      assert.equal(entry.path, "/v1/chat/completions", JSON.stringify(model));
      assert.equal(entry.headers["x-injected"], undefined);
      assert.ok(!String(entry.headers.host).includes("evil"), entry.headers.host);
      assert.equal(entry.headers.authorization, `Bearer ${UPSTREAM_KEYS.OPENAI_API_KEY}`);
    }
    if (res.status === 200) {
      // Served: the model name comes back as JSON text, never as a header.
      JSON.parse(text);
    }
    // Drain the queued step if nothing took it.
    if (t.replay.requests.length === before) t.replay.reset();
  }
});

test("a slow client is served; a client that goes away aborts the upstream request", async () => {
  // Slow reader: 30 ms between reads of a mock stream.
  const res = await post("/v1/chat/completions", { ...chat, stream: true }, { authorization: `Bearer ${TOKEN}` });
  assert.equal(res.status, 200);
  const reader = res.body.getReader();
  let text = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += Buffer.from(value).toString("utf8");
    await new Promise((r) => setTimeout(r, 30));
  }
  assert.match(text, /data: \[DONE\]/);

  // Vanishing client: abort after the first bytes of a paced upstream stream.
  t.replay.enqueue("anthropic", { cassette: SSE_CASE, pieceSize: 100, delayMs: 50 });
  const before = t.replay.requests.length;
  const ac = new AbortController();
  const r2 = await post("/v1/messages", { ...anthropicChat, model: "anthropic/claude-sonnet-4-5", stream: true }, { "x-api-key": TOKEN }, { signal: ac.signal });
  const rd = r2.body.getReader();
  await rd.read();
  ac.abort();
  await rd.cancel().catch(() => {});
  const entry = await t.replay.waitFor((e) => t.replay.requests.indexOf(e) >= before && e.scenario === "anthropic", 10_000);
  assert.equal(entry.outcome, "client-closed", "the upstream request was aborted");
});

test("200 concurrent streams on loopback all complete", { timeout: 120_000 }, async () => {
  const one = async (i) => {
    const res = await post("/v1/chat/completions", { ...chat, model: `mock/echo-${i}`, stream: true }, { authorization: `Bearer ${TOKEN}` });
    const text = await res.text();
    return { status: res.status, done: text.includes("data: [DONE]") };
  };
  const results = await Promise.all(Array.from({ length: 200 }, (_, i) => one(i)));
  assert.equal(results.filter((r) => r.status === 200 && r.done).length, 200);
});

/** One upstream fault, through each API; records status and error type. */
async function fault(name, step, expectStatus, expectType) {
  for (const api of ["openai", "anthropic"]) {
    t.replay.enqueue("anthropic", step);
    const [p, body, headers] =
      api === "openai"
        ? ["/v1/chat/completions", { ...chat, model: "anthropic/claude-sonnet-4-5", stream: true }, { authorization: `Bearer ${TOKEN}` }]
        : ["/v1/messages", { ...anthropicChat, model: "anthropic/claude-sonnet-4-5", stream: true }, { "x-api-key": TOKEN }];
    const res = await post(p, body, headers);
    const text = await res.text();
    let type = "";
    if (res.status !== 200) {
      const j = JSON.parse(text);
      type = api === "openai" ? j.error.type : j.error.type;
      if (api === "anthropic") assert.equal(j.type, "error");
    } else {
      // A failure after the head: the stream ends with an error event in the API's shape.
      const m = /"error":\{[^}]*"type":"([a-z_]+)"/.exec(text);
      type = m ? `in-stream ${m[1]}` : "no error";
    }
    rows.push([name, api, res.status, type, `${text.length} B`]);
    assert.equal(res.status, expectStatus[api] ?? expectStatus, `${name} via ${api}: ${text.slice(0, 300)}`);
    if (expectType) assert.match(type, expectType, `${name} via ${api}`);
    assert.ok(!text.includes(UPSTREAM_KEYS.ANTHROPIC_API_KEY), "upstream key never echoed");
  }
}

test("upstream fault matrix through the gateway, in each API's shape", { timeout: 60_000 }, async () => {
  const json429 = (h) => ({ status: 429, headers: { "content-type": "application/json", ...h }, json: { type: "error", error: { type: "rate_limit_error", message: "slow" } } });
  await fault("429 retry-after: 7", json429({ "retry-after": "7" }), 429, /rate_limit/);
  await fault("429 retry-after-ms: 1500", json429({ "retry-after-ms": "1500" }), 429, /rate_limit/);
  await fault("429 retry-after: HTTP date", json429({ "retry-after": new Date(Date.now() + 5000).toUTCString() }), 429, /rate_limit/);
  for (const status of [500, 502, 503, 504]) await fault(`${status}`, { status, body: "trouble" }, status, /error/);
  await fault("529", { status: 529, json: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } } }, 529, /overloaded|server_error|api_error/);
  await fault("HTML 502 page from a proxy", { status: 502, body: "<html><body><h1>502 Bad Gateway</h1></body></html>", headers: { "content-type": "text/html" } }, 502, /error/);
  await fault("reset before output", { cassette: SSE_CASE, resetAfterBytes: 30 }, 502, /error/);
  await fault("reset after output", { cassette: SSE_CASE, pieceSize: 300, resetAfterBytes: 3000 }, 200, /in-stream/);
  const sse = fs.readFileSync(path.join(t.replay.corpus ?? path.join(repoRoot, "..", "shared", "corpus"), "cassettes", SSE_CASE, "body.sse"));
  const start = sse.indexOf("event: content_block_delta");
  const bad = Buffer.concat([sse.subarray(0, start), Buffer.from('event: content_block_delta\ndata: {"type":"content_block_delta",\n\n')]);
  await fault("malformed JSON inside an event", { body: bad, headers: { "content-type": "text/event-stream" } }, { openai: 502, anthropic: 502 }, /error/);
  await fault("200 with an empty body", { body: "", headers: { "content-type": "text/event-stream" } }, 502, /error/);
  await fault("HTML page with status 200", { body: "<html>hi</html>", headers: { "content-type": "text/html" } }, 502, /error/);
});
