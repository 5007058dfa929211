// The fixed cost of a call: wall time per `client.stream` call, drained, for several builds of
// the package and eventsource-parser + JSON.parse, interleaved in one process. Beside the
// bench's recordings it times a six-event Anthropic stream (a one-word answer), where nearly
// all of a call is the cost around the decoding (the request, `fetch`, the ReadableStream, the
// wasm<->JS crossings) rather than the decoding itself.
//
//   node bench/percall.mjs pkg-before pkg-after [...]     (directories with node.js)
//
// Env: STREAMS (comma-separated: tiny and the recordings' names; default tiny, anthropic,
// gemini, openai-responses), ROUNDS (15), N (calls per round and contender, 400).
import { PEERS } from "./lib/peers.mjs";
import { loadRecordings } from "./lib/streams.mjs";
import { median, recordingFetch } from "./lib/common.mjs";
import path from "node:path";

const TINY = [
  'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-20250514","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":1}}}\n\n',
  'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n',
  'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}\n\n',
  'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n',
  'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":2}}\n\n',
  'event: message_stop\ndata: {"type":"message_stop"}\n\n',
].join("");

const builds = process.argv.slice(2);
if (builds.length === 0) {
  console.error("usage: node bench/percall.mjs PKG_DIR [PKG_DIR ...]");
  process.exit(2);
}
const bytes = new TextEncoder().encode(TINY);
const tiny = {
  name: "tiny",
  format: "anthropic",
  model: "claude-sonnet-4-20250514",
  events: 6,
  bytes,
  fetch: recordingFetch([bytes], "text/event-stream"),
};
const want = (process.env.STREAMS ?? "tiny,anthropic,gemini,openai-responses").split(",");
const streams = [tiny, ...loadRecordings()].filter((s) => want.includes(s.name));
const ROUNDS = Number(process.env.ROUNDS ?? 15);
const N = Number(process.env.N ?? 400);
const esp = PEERS.find((p) => p.name === "esp");
const aster = PEERS.find((p) => p.name === "aster");

for (const s of streams) {
  const cs = [{ name: "esp", run: await esp.make(s), us: [] }];
  for (const dir of builds) {
    // The bench's own aster contender, pointed at this build.
    process.env.ASTER_PKG_DIR = path.resolve(dir);
    cs.push({ name: dir, run: await aster.make(s), us: [] });
  }
  for (const c of cs) for (let i = 0; i < 1000; i++) await c.run();
  for (let r = 0; r < ROUNDS; r++) {
    for (let j = 0; j < cs.length; j++) {
      const c = cs[(r + j) % cs.length];
      const t0 = performance.now();
      for (let i = 0; i < N; i++) await c.run();
      c.us.push(((performance.now() - t0) / N) * 1000);
    }
  }
  const e = median(cs[0].us);
  const cells = cs.map((c) => {
    const m = median(c.us);
    return `${c.name} ${m.toFixed(1)} µs${c.name === "esp" ? "" : ` (${(e / m).toFixed(2)}× esp)`}`;
  });
  console.log(`${s.name} (${s.events} events): ${cells.join(" · ")}`);
}
