// Memory: a 100 MB OpenAI chat stream, generated on the fly (never stored), through
// `client.stream`. Reports aster's wasm memory (WebAssembly.Memory buffer size: the wasm heap
// can only grow, so its peak is its size at the end) and the process RSS and JS heap, before,
// at their peak during the stream (sampled every 256 chunks), and after.
//
// Env: BENCH_MEMORY_MB (100).
import { asterWasm, fmt, importAster, machine, machineLine, saveResult, table } from "./lib/common.mjs";

const TOTAL = Number(process.env.BENCH_MEMORY_MB ?? (process.env.BENCH_QUICK === "1" ? 20 : 100)) * 1024 * 1024;
const PIECE = 16 * 1024;
const enc = new TextEncoder();

function chatEvent(delta, extra = "") {
  return `data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1750000000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_bench","choices":[{"index":0,"delta":${JSON.stringify(delta)},"logprobs":null,"finish_reason":${extra ? JSON.stringify(extra) : "null"}}]}\n\n`;
}

/** A fetch answering with `total` bytes of chat stream, made piece by piece as it is read. */
function generatedFetch(total) {
  return async () => {
    const words = ["The", " quick", " brown", " fox", " jumps", " over", " the", " lazy", " dog", ".", " Ünïcödé", " ✓", "\n"];
    let unit = "";
    for (let i = 0; unit.length < PIECE; i++) unit += chatEvent({ content: words[i % words.length] });
    const unitBytes = enc.encode(unit);
    const head = enc.encode(chatEvent({ role: "assistant", content: "" }));
    const tail = enc.encode(
      chatEvent({}, "stop") +
        'data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1750000000,"model":"gpt-4o-mini-2024-07-18","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":9000000,"total_tokens":9000012}}\n\ndata: [DONE]\n\n',
    );
    let sent = 0;
    let state = 0;
    const body = new ReadableStream({
      pull(c) {
        if (state === 0) {
          c.enqueue(head.slice());
          sent += head.length;
          state = 1;
        } else if (state === 1) {
          c.enqueue(unitBytes.slice());
          sent += unitBytes.length;
          if (sent + unitBytes.length > total) state = 2;
        } else if (state === 2) {
          c.enqueue(tail.slice());
          sent += tail.length;
          state = 3;
        } else c.close();
      },
    });
    body.sentBytes = () => sent;
    generatedFetch.last = body;
    return new Response(body, { status: 200, headers: { "content-type": "text/event-stream" } });
  };
}

function snapshot(memory) {
  const m = process.memoryUsage();
  return { wasm: memory.buffer.byteLength, rss: m.rss, heapUsed: m.heapUsed, external: m.external + m.arrayBuffers };
}

async function main() {
  const { Client } = await importAster();
  const { memory } = await asterWasm();
  const fetch = generatedFetch(TOTAL);
  const client = new Client({ type: "openai", apiKey: "sk-bench-not-a-key", model: "gpt-4o-mini", baseUrl: "http://bench.invalid/v1" }, { fetch, env: {} });
  const request = { messages: [{ role: "user", content: "Hello" }] };
  // A small call first, so "before" is a client that has streamed once.
  const small = new Client({ type: "openai", apiKey: "sk-bench-not-a-key", model: "gpt-4o-mini", baseUrl: "http://bench.invalid/v1" }, { fetch: generatedFetch(64 * 1024), env: {} });
  for await (const _ of small.stream(request));
  globalThis.gc?.();
  const before = snapshot(memory);
  const peak = { ...before };
  let chunks = 0;
  let textBytes = 0;
  const t0 = performance.now();
  for await (const c of client.stream(request)) {
    chunks++;
    if (c.type === "text") textBytes += c.text.length;
    if ((chunks & 255) === 0) {
      const s = snapshot(memory);
      for (const k of Object.keys(peak)) peak[k] = Math.max(peak[k], s[k]);
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const during = snapshot(memory);
  for (const k of Object.keys(peak)) peak[k] = Math.max(peak[k], during[k]);
  globalThis.gc?.();
  const after = snapshot(memory);
  const streamed = generatedFetch.last.sentBytes();
  const result = { machine: machine(), streamedBytes: streamed, chunks, textBytes, seconds, before, peak, after };
  saveResult("memory", result);
  console.log(`### Memory\n\n${machineLine(result.machine)}\n`);
  console.log(memoryTable(result));
}

export function memoryTable(r) {
  const mib = (n) => fmt(n / 2 ** 20, 1);
  return [
    `${fmt(r.streamedBytes / 2 ** 20, 1)} MiB of OpenAI chat stream generated on the fly through \`client.stream\` (16 KiB reads): ${r.chunks.toLocaleString("en-US")} chunks in ${fmt(r.seconds, 1)} s (${fmt(r.streamedBytes / 1e6 / r.seconds, 1)} MB/s)`,
    "",
    table(
      ["", "before (MiB)", "peak during (MiB)", "after (MiB)", "growth (MiB)"],
      [
        ["**wasm memory** (`WebAssembly.Memory`)", mib(r.before.wasm), mib(r.peak.wasm), mib(r.after.wasm), `**${mib(r.peak.wasm - r.before.wasm)}**`],
        ["process RSS", mib(r.before.rss), mib(r.peak.rss), mib(r.after.rss), mib(r.peak.rss - r.before.rss)],
        ["JS heap used", mib(r.before.heapUsed), mib(r.peak.heapUsed), mib(r.after.heapUsed), mib(r.peak.heapUsed - r.before.heapUsed)],
      ],
    ),
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
