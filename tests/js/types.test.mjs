// The TypeScript declarations: a typed consumer compiles under `tsc --noEmit --strict`, resolving
// the package by name through its `exports` "types" condition; and misuse is rejected.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { loadAster, repoRoot } from "./setup.mjs";

const tsc = path.join(repoRoot, "node_modules", ".bin", "tsc");
const dir = path.join(repoRoot, "tests", "js", "types");

before(async () => {
  await loadAster(); // links tests/js/node_modules/aster
});

function compile(project) {
  try {
    execFileSync(tsc, ["-p", project], { encoding: "utf8", stdio: "pipe" });
    return "";
  } catch (err) {
    return String(err.stdout) + String(err.stderr);
  }
}

test("a typed consumer compiles with --strict", () => {
  assert.equal(compile(dir), "");
});

test("aster/ai-sdk: a typed consumer with the real `ai` compiles", () => {
  assert.equal(compile(path.join(dir, "tsconfig.ai-sdk.json")), "");
});

test("misuse does not compile", () => {
  const tmp = fs.mkdtempSync(path.join(dir, "bad-"));
  try {
    fs.writeFileSync(
      path.join(tmp, "bad.ts"),
      `import { Client, type Chunk } from "aster";
const c = new Client({ type: "mock" });
c.stream({ messages: [{ role: "robot", content: "x" }] });
c.stream({ messages: [], maxTokens: "many" });
function f(x: Chunk) { if (x.type === "text") return x.reasoning; return ""; }
f;
c.embed({ input: 3 });
c.embed({ input: "x", inputType: "passage" });
`,
    );
    fs.writeFileSync(
      path.join(tmp, "tsconfig.json"),
      JSON.stringify({ extends: "../tsconfig.json", files: ["bad.ts"] }),
    );
    const out = compile(tmp);
    assert.match(out, /"robot"/);
    assert.match(out, /bad.ts\(4,\d+\).*not assignable to type .number./);
    assert.match(out, /reasoning/);
    assert.match(out, /bad.ts\(7,\d+\)/, "embed input must be text");
    assert.match(out, /"passage"/);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
