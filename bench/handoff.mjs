// The hand-off of a read's chunks to JS, in JS alone: JSON.parse of the batch as a JSON array vs
// the batch string of src/wasm/batch.rs split into the same objects (why the batch string).
//   node bench/handoff.mjs
const words = ["Hello", " world", ", this", " is", " a \"quoted\"", " token\n", " ü", " stream"];
const batch = Array.from({ length: 60 }, (_, i) => ({ type: "text", text: words[i % words.length] }));
const json = JSON.stringify(batch);
const compact = batch.map((c) => `t${c.text.length}:${c.text}`).join("");
// As js/core.js decodes it: records `<tag><length>:<payload>`.
function fromCompact(s) {
  const out = [];
  let i = 0;
  while (i < s.length) {
    const tag = s.charCodeAt(i);
    let n = 0;
    let j = i + 1;
    for (let c = s.charCodeAt(j); c !== 58 && j < s.length; c = s.charCodeAt(++j)) n = n * 10 + (c - 48);
    const payload = s.slice(j + 1, j + 1 + n);
    i = j + 1 + n;
    if (tag === 116) out.push({ type: "text", text: payload });
    else out.push(JSON.parse(payload));
  }
  return out;
}
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
