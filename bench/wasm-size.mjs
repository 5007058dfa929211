// Where the .wasm's bytes go: code per crate/module (from the name section) and data segments.
// Needs a build that keeps names: `wasm-opt -g` (see bench/README.md, "Profiling builds").
// Usage: node bench/wasm-size.mjs path/to/aster_bg.wasm [depth] [how many largest functions]
import fs from "node:fs";
import zlib from "node:zlib";

const file = process.argv[2];
const depth = Number(process.argv[3] ?? 2);
const top = Number(process.argv[4] ?? 25);
const buf = fs.readFileSync(file);
let pos = 8;

function leb() {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = buf[pos++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if ((b & 0x80) === 0) return result;
  }
}
function name() {
  const n = leb();
  const s = buf.toString("utf8", pos, pos + n);
  pos += n;
  return s;
}

const sections = [];
let importedFuncs = 0;
const bodies = [];
const names = new Map();
let dataBytes = 0;
const dataSegs = [];
while (pos < buf.length) {
  const id = buf[pos++];
  const size = leb();
  const start = pos;
  const end = pos + size;
  let label = String(id);
  if (id === 0) {
    label = `custom:${name()}`;
    if (label === "custom:name") {
      while (pos < end) {
        const sub = buf[pos++];
        const subSize = leb();
        const subEnd = pos + subSize;
        if (sub === 1) {
          const count = leb();
          for (let i = 0; i < count; i++) {
            const idx = leb();
            names.set(idx, name());
          }
        }
        pos = subEnd;
      }
    }
  } else if (id === 2) {
    label = "import";
    const count = leb();
    for (let i = 0; i < count; i++) {
      name();
      name();
      const kind = buf[pos++];
      if (kind === 0) {
        leb();
        importedFuncs++;
      } else if (kind === 1) {
        pos++;
        const f = leb();
        leb();
        if (f & 1) leb();
      } else if (kind === 2) {
        const f = leb();
        leb();
        if (f & 1) leb();
      } else if (kind === 3) {
        pos += 2;
      }
    }
  } else if (id === 10) {
    label = "code";
    const count = leb();
    for (let i = 0; i < count; i++) {
      const sz = leb();
      bodies.push({ idx: importedFuncs + i, size: sz });
      pos += sz;
    }
  } else if (id === 11) {
    label = "data";
    dataBytes = size;
    const count = leb();
    for (let i = 0; i < count; i++) {
      const flags = leb();
      if (flags === 0 || flags === 2) {
        if (flags === 2) leb();
        // offset expression up to `end` (0x0b)
        while (buf[pos++] !== 0x0b);
      }
      const n = leb();
      dataSegs.push(buf.subarray(pos, pos + n));
      pos += n;
    }
  } else label = ["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "datacount"][id] ?? label;
  sections.push({ label, size });
  pos = end;
}

// A function's owner: its crate path, `depth` segments deep (generic impls count for the type's
// crate: `<serde_json::de::Deserializer<R> as ...>` → serde_json::de).
function owner(n) {
  if (!n) return "(unnamed)";
  let s = n.replace(/^<+/, "").replace(/\[[0-9a-f]+\]/g, "");
  s = s.replace(/ as .*$/, "").replace(/<.*$/, "");
  const parts = s.split("::").filter(Boolean);
  if (parts.length === 0) return n.slice(0, 40);
  return parts.slice(0, depth).join("::");
}
const by = new Map();
for (const b of bodies) {
  const k = owner(names.get(b.idx));
  const e = by.get(k) ?? { size: 0, count: 0 };
  e.size += b.size;
  e.count++;
  by.set(k, e);
}
const code = bodies.reduce((a, b) => a + b.size, 0);
console.log(`${file}: ${buf.length} bytes, gzip ${zlib.gzipSync(buf, { level: 9 }).length}`);
for (const s of sections.filter((s) => s.size > 1000)) console.log(`  section ${s.label}: ${s.size}`);
console.log(`\ncode ${code} bytes in ${bodies.length} functions; by owner (top 40):`);
for (const [k, e] of [...by].sort((a, b) => b[1].size - a[1].size).slice(0, 40)) {
  console.log(`${String(e.size).padStart(8)} ${((100 * e.size) / code).toFixed(1).padStart(5)}% ${String(e.count).padStart(5)} fns  ${k}`);
}
console.log("\nlargest functions:");
for (const b of [...bodies].sort((a, b) => b.size - a.size).slice(0, top)) console.log(`${String(b.size).padStart(8)}  ${(names.get(b.idx) ?? "?").slice(0, 150)}`);
const data = Buffer.concat(dataSegs);
console.log(`\ndata ${dataBytes} bytes (gzip ${zlib.gzipSync(data, { level: 9 }).length})`);
