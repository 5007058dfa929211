// Every recorded stream of the corpus, for every wire format, through the package as a user
// runs it: a Client whose provider points at the replay server, real `fetch`, the body split
// at random points — and the chunks must equal the native decoder's (`aster decode`).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  loadAster,
  cliPath,
  nativeDecode,
  streamCassettes,
  ollamaStreams,
  fixtureStreams,
  configFor,
  providerOf,
  withoutCost,
  drain,
  randomPieces,
} from "./setup.mjs";
import { startReplay } from "../replay/server.mjs";

let aster;
let replay;

before(async () => {
  aster = await loadAster();
  replay = await startReplay();
});

after(() => replay.close());

const REQUEST = { messages: [{ role: "user", content: "Hello" }], maxTokens: 64 };
const cases = [...streamCassettes(), ...ollamaStreams(), ...fixtureStreams()];

test("the corpus has streams for the formats", () => {
  const formats = new Set(cases.map((c) => c.format));
  for (const f of ["anthropic", "openai-chat", "openai-responses", "gemini", "bedrock-converse", "ollama", "mistral", "tgi"]) {
    assert.ok(formats.has(f), `no recorded stream for ${f}`);
  }
  assert.ok(cliPath(), "the native CLI is built (cargo build)");
});

for (const [i, c] of cases.entries()) {
  test(`${c.format}: ${c.rel}`, async () => {
    const step = c.rel.startsWith("genai/")
      ? { file: c.file, headers: { "content-type": "application/x-ndjson" } }
      : c.contentType
        ? { file: c.serve ?? c.file, headers: { "content-type": c.contentType } }
        : { cassette: c.rel };
    step.pieces = randomPieces(1000 + i, 300);
    replay.enqueue(c.rel, step);
    const client = new aster.Client(configFor(c.format, replay.base(c.rel), c.model), { env: {} });
    const { chunks, error } = await drain(client.stream(REQUEST));
    client.free();

    const native = nativeDecode(c.format, providerOf[c.format], c.file);
    const nativeError = native.at(-1)?.type === "error" ? native.pop() : null;
    assert.deepEqual(withoutCost(chunks), withoutCost(native));
    // The same keys in the same order too: the objects are the ones JSON.parse gives.
    assert.equal(JSON.stringify(withoutCost(chunks)), JSON.stringify(withoutCost(native)));
    assert.equal(error?.code ?? null, nativeError?.code ?? null, error?.message);
    const usage = chunks.find((u) => u.type === "usage");
    if (usage?.estimated) assert.ok(usage.inputTokens > 0, "the prompt is estimated from the request");
    if (!error) {
      assert.equal(chunks.at(-1).type, "finish");
      assert.equal(chunks.at(-2).type, "usage");
    }
  });
}
