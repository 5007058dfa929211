// One cold start, in a fresh process (spawned by cold.mjs): import + init + first call of one
// contender, the call answered by a recorded stream through a replaying fetch. Prints JSON.
//
// argv: contender name, recording path, wire format.
import fs from "node:fs";
import { pathToFileURL } from "node:url";

const t0 = performance.now();
const [, , name, file, pkgNode] = process.argv;
// Node loads its fetch machinery (undici: Response, web streams, TextDecoder) lazily, ~30 ms
// on first use. A real fetch pays that whichever library calls it, so it is loaded here,
// before any timing, for every contender alike.
await new Response(new ReadableStream({ start: (c) => c.close() })).arrayBuffer();
new TextDecoder().decode(new Uint8Array(1), { stream: true });
const bytes = fs.readFileSync(file);
const KEY = "sk-bench-not-a-key";
const BASE = "http://bench.invalid/v1";
const fetch = async () =>
  new Response(
    new ReadableStream({
      start(c) {
        c.enqueue(bytes.slice());
        c.close();
      },
    }),
    { status: 200, headers: { "content-type": "text/event-stream" } },
  );
const messages = [{ role: "user", content: "Hello" }];

async function drain(it) {
  let n = 0;
  for await (const _ of it) n++;
  return n;
}

const contenders = {
  async aster() {
    const a = performance.now();
    const { Client } = await import(pathToFileURL(pkgNode).href);
    const b = performance.now();
    const c = new Client({ type: "openai", apiKey: KEY, model: "gpt-5", baseUrl: BASE }, { fetch, env: {} });
    const d = performance.now();
    const n = await drain(c.stream({ messages }));
    return [a, b, d, n];
  },
  async esp() {
    const a = performance.now();
    const { createParser } = await import("eventsource-parser");
    const b = performance.now();
    const d = b;
    const res = await fetch(BASE, { method: "POST", body: JSON.stringify({ model: "gpt-5", messages, stream: true }) });
    let n = 0;
    const p = createParser({ onEvent: (e) => e.data !== "[DONE]" && JSON.parse(e.data) && n++ });
    const dec = new TextDecoder();
    for await (const piece of res.body) p.feed(dec.decode(piece, { stream: true }));
    return [a, b, d, n];
  },
  async openai() {
    const a = performance.now();
    const { default: OpenAI } = await import("openai");
    const b = performance.now();
    const c = new OpenAI({ apiKey: KEY, baseURL: BASE, fetch, maxRetries: 0 });
    const d = performance.now();
    const n = await drain(await c.chat.completions.create({ model: "gpt-5", messages, stream: true }));
    return [a, b, d, n];
  },
  async "aisdk-provider"() {
    const a = performance.now();
    const { createOpenAI } = await import("@ai-sdk/openai");
    const b = performance.now();
    const model = createOpenAI({ apiKey: KEY, baseURL: BASE, fetch }).chat("gpt-5");
    const d = performance.now();
    const { stream } = await model.doStream({ prompt: [{ role: "user", content: [{ type: "text", text: "Hello" }] }] });
    const n = await drain(stream);
    return [a, b, d, n];
  },
  async "aisdk-streamtext"() {
    const a = performance.now();
    const [{ streamText }, { createOpenAI }] = await Promise.all([import("ai"), import("@ai-sdk/openai")]);
    const b = performance.now();
    const model = createOpenAI({ apiKey: KEY, baseURL: BASE, fetch }).chat("gpt-5");
    const d = performance.now();
    const n = await drain(streamText({ model, prompt: "Hello", maxRetries: 0 }).fullStream);
    return [a, b, d, n];
  },
  async node() {
    const a = performance.now();
    return [a, a, a, 1];
  },
};

const [a, b, d, n] = await contenders[name]();
const e = performance.now();
process.stdout.write(
  JSON.stringify({ name, objects: n, importMs: b - a, initMs: d - b, firstCallMs: e - d, totalMs: e - a, sinceStartMs: e, setupMs: a - t0 }) + "\n",
);
