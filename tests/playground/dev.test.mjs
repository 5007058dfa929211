// `npm run dev`, the README's first command, as a user runs it: it builds what it needs (a
// no-op rebuild here, after the test command's own build), serves the gateway and the
// playground with `wrangler dev`, and prints the playground URL with a token. The page, the
// API with that token and the built-in mock provider all answer on the printed address.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { freePort, repoRoot } from "../gateway/harness.mjs";

const varsFile = path.join(repoRoot, ".dev.vars");

test("npm run dev comes up: playground, API and mock on the printed URL", { timeout: 600_000 }, async () => {
  const hadVars = fs.existsSync(varsFile);
  const port = await freePort();
  const child = spawn("npm", ["run", "dev"], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), CI: "true", NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let log = "";
  const onData = (d) => (log += d);
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    // The banner comes once the Worker answers /health. Bounded: the rebuild and wrangler's
    // start take well under this on the slowest machine seen.
    const banner = new RegExp(`Playground\\s+(?:\\x1b\\[\\d+m)?(http://127\\.0\\.0\\.1:${port}/#token=([^\\s\\x1b]+))`);
    const match = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner within 8 minutes:\n${log.slice(-3000)}`)), 480_000);
      const check = () => {
        const m = banner.exec(log);
        if (m) {
          clearTimeout(timer);
          resolve(m);
        }
      };
      child.stdout.on("data", check);
      exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`npm run dev exited (${code}):\n${log.slice(-3000)}`));
      });
      check();
    });
    const base = `http://127.0.0.1:${port}`;
    const token = match[2];
    assert.ok(token.length >= 20, "a real token");
    assert.match(log, /Providers\s+.*mock/);

    const page = await fetch(`${base}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /aster/);

    const res = await fetch(`${base}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "mock/echo", stream: true, messages: [{ role: "user", content: "hi dev" }] }),
    });
    assert.equal(res.status, 200);
    const events = (await res.text()).split("\n").filter((l) => l.startsWith("data: "));
    assert.equal(events.at(-1), "data: [DONE]");
    const said = events
      .slice(0, -1)
      .map((l) => JSON.parse(l.slice(6)).choices?.[0]?.delta?.content ?? "")
      .join("");
    assert.match(said, /You said: "hi dev"/);
  } finally {
    if (child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        child.kill("SIGTERM");
      }
      const killer = setTimeout(() => {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // Gone.
        }
      }, 5000);
      await exited;
      clearTimeout(killer);
    }
    // The token file is the user's; a test run that made it takes it away again.
    if (!hadVars) fs.rmSync(varsFile, { force: true });
  }
});
