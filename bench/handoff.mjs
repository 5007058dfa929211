// The hand-off of a read's chunks to JS, in JS alone: JSON.parse of the batch as a JSON array vs
// the batch string of src/wasm/batch.rs split into the same objects (why the batch string).
//   node bench/handoff.mjs
import fs from "node:fs";

const words = ["Hello", " world", ", this", " is", " a \"quoted\"", " token\n", " ü", " stream"];
const batch = Array.from({ length: 60 }, (_, i) => ({ type: "text", text: words[i % words.length] }));
const json = JSON.stringify(batch);
const compact = batch.map((c) => `t${c.text.length}:${c.text}`).join("");
// js/core.js's own decodeBatch, taken from its source (core.js imports the wasm glue, which
// this script does not load, and the function is not part of the package's exports).
const coreSource = fs.readFileSync(new URL("../js/core.js", import.meta.url), "utf8");
const found = /^function decodeBatch\(s\) \{\n[\s\S]*?^\}\n/m.exec(coreSource);
if (!found) throw new Error("decodeBatch not found in js/core.js");
const fromCompact = new Function(`${found[0]}\nreturn decodeBatch;`)();
function bench(name, f) {
  let sink = 0;
  if (JSON.stringify(f()) !== json) throw new Error(`${name}: different objects`);
  for (let i = 0; i < 20000; i++) sink += f().length;
  const t0 = process.cpuUsage();
  for (let i = 0; i < 200000; i++) sink += f().length;
  const c = process.cpuUsage(t0);
  console.log(name, ((c.user + c.system) / 200000).toFixed(2), "µs per 60-chunk batch", sink > 0);
}
for (let r = 0; r < 3; r++) {
  bench("JSON.parse", () => JSON.parse(json));
  bench("batch string", () => fromCompact(compact));
}
