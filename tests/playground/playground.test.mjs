// The playground in headless Chromium (the system browser, driven by playwright-core; never a
// downloaded one), served by the gateway on workerd: the token from the URL fragment, a
// streamed answer with reasoning and usage, a tool call, stopping a stream mid-way (which
// also aborts the upstream request), errors shown plainly, and a direct in-browser call with
// the user's own key through the aster package. Screenshots go to test-artifacts/.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";
import { startReplay } from "../replay/server.mjs";
import { repoRoot, startGateway, TOKEN } from "../gateway/harness.mjs";

const artifacts = path.join(repoRoot, "test-artifacts");
let replay;
let gw;
let browser;
let page;
let profile;

before(async () => {
  fs.mkdirSync(artifacts, { recursive: true });
  replay = await startReplay();
  gw = await startGateway({
    config: `
[mock]
delay_ms = 15
chunk_size = 3
[providers.openai]
base_url = "${replay.base("openai")}/v1"
[retry]
max_retries = 0
`,
    vars: { OPENAI_API_KEY: "sk-test-openai-upstream-key" },
    // Where users meet it: `wrangler dev`, with the playground as static assets.
    wranglerDev: true,
  });
  profile = fs.mkdtempSync(path.join(os.tmpdir(), "aster-chromium-"));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1280, height: 860 },
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on("pageerror", (err) => console.error("page error:", err));
});

after(async () => {
  await browser?.close();
  await gw?.stop();
  await replay?.close();
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
});

const last = (sel) => page.locator(sel).last();

async function send(text) {
  await page.fill("#input", text);
  await page.click("#send");
}

async function waitIdle() {
  await page.waitForSelector("#send:not([hidden])", { timeout: 20_000 });
}

test("the playground page is served with its security headers", async () => {
  const res = await fetch(`${gw.url}/`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type"), /text\/html/);
  assert.match(res.headers.get("content-security-policy"), /frame-ancestors 'none'/);
  assert.match(await res.text(), /aster/);
  const wasm = await fetch(`${gw.url}/pkg/aster_bg.wasm`);
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers.get("content-type"), "application/wasm");
});

test("the token comes from the URL fragment, which is then cleared", async () => {
  await page.goto(`${gw.url}/#token=${TOKEN}`);
  await page.waitForFunction(() => /models/.test(document.getElementById("gateway-status").textContent));
  assert.equal(new URL(page.url()).hash, "");
  assert.equal(await page.inputValue("#token"), TOKEN);
  assert.equal(await page.evaluate(() => sessionStorage.getItem("aster.gatewayToken")), TOKEN);
  const models = await page.$$eval("#model option", (os) => os.map((o) => o.value));
  assert.ok(models.includes("mock/echo") && models.includes("openai/gpt-4o"), models.join(","));
});

test("a message streams back with reasoning (collapsed) and usage", async () => {
  await page.selectOption("#model", "mock/reasoning");
  await send("Hello playground");
  // Streaming: partial text shows before the end.
  await page.waitForFunction(() => {
    const t = document.querySelector(".msg.assistant.streaming .text");
    return t && t.textContent.length > 0;
  });
  await waitIdle();
  assert.equal(await last(".msg.assistant .text").textContent(), 'This is the aster mock provider. You said: "Hello playground"');
  const details = last(".msg.assistant details.reasoning");
  assert.equal(await details.isVisible(), true);
  assert.equal(await details.getAttribute("open"), null, "reasoning is collapsed");
  assert.match(await last(".msg.assistant .reasoning-text").textContent(), /deterministically/);
  const usage = await last(".msg.assistant .usage").textContent();
  assert.match(usage, /^\d+ in · \d+ out · (\d+ reasoning · )?\$0 · [\d.]+ s · stop$/);
  await page.screenshot({ path: path.join(artifacts, "playground-answer.png") });
});

test("a tool call is shown, answered with demo data, and the model continues", async () => {
  await page.selectOption("#model", "mock/echo");
  await page.check("#tools");
  await send("What's the weather in Oslo?");
  await page.waitForSelector(".msg.tool");
  await waitIdle();
  const args = await last(".tool-call pre").textContent();
  assert.deepEqual(JSON.parse(args), { location: "Oslo" });
  assert.match(await last(".msg.assistant .text").textContent(), /^The tool returned: .*Oslo/);
  await page.uncheck("#tools");
});

test("Stop aborts the stream mid-way, and the gateway aborts the upstream request", async () => {
  // A slow upstream: the recorded OpenAI stream, one small piece every 300 ms.
  replay.enqueue("openai", { cassette: "openai/test_openai_moderation_stream/00", pieceSize: 40, delayMs: 300 });
  await page.selectOption("#model", "openai/gpt-5");
  await send("What is the capital of France?");
  await page.waitForFunction(() => document.querySelector(".msg.assistant.streaming .text")?.textContent === "Paris");
  await page.click("#stop");
  await waitIdle();
  await page.waitForSelector(".msg.assistant .meta .stopped");
  const text = await last(".msg.assistant .text").textContent();
  assert.equal(text, "Paris");
  const entry = await replay.waitFor((e) => e.scenario === "openai", 10_000);
  assert.equal(entry.outcome, "client-closed");

  // The mock, with a long answer: stopped long before its end.
  await page.selectOption("#model", "mock/echo");
  const prompt = "stream me slowly ".repeat(40);
  await send(prompt);
  await page.waitForFunction(() => (document.querySelector(".msg.assistant.streaming .text")?.textContent.length ?? 0) > 30);
  // Stop cancels the request itself (the browser reports it failed, aborted): after that no
  // byte of it can arrive, so the text shown then is final.
  const cancelled = page.waitForEvent("requestfailed", {
    predicate: (r) => r.url().endsWith("/v1/chat/completions"),
    timeout: 10_000,
  });
  await page.click("#stop");
  await cancelled;
  await waitIdle();
  const cut = await last(".msg.assistant .text").textContent();
  assert.ok(cut.length < prompt.length, `stopped at ${cut.length} characters`);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
  assert.equal(await last(".msg.assistant .text").textContent(), cut, "nothing arrives after Stop");
  assert.match(await last(".msg.assistant .meta").textContent(), /stopped/);
  await page.screenshot({ path: path.join(artifacts, "playground-stopped.png") });
});

test("errors are shown plainly", async () => {
  await page.fill("#token", "not-the-token-but-long-enough");
  await send("hello?");
  await waitIdle();
  const err = await last(".msg.assistant .error").textContent();
  assert.match(err, /authentication/);
  assert.match(err, /invalid gateway token/);
  await page.fill("#token", TOKEN);
});

test("direct mode: the aster package in the page calls a provider with the user's key", async () => {
  replay.enqueue("direct", { cassette: "openai/test_openai_moderation_stream/00", pieceSize: 64 });
  await page.click("#clear");
  await page.check("input[name=mode][value=direct]");
  await page.selectOption("#direct-provider", "openai");
  await page.fill("#direct-model", "gpt-5");
  await page.fill("#direct-key", "sk-user-own-key");
  await page.fill("#direct-base", `${replay.base("direct")}/v1`);
  // Without the opt-in, the page refuses to use the key.
  await send("What is the capital of France?");
  await waitIdle();
  assert.match(await last(".msg.assistant .error").textContent(), /dangerouslyAllowBrowser/);
  await page.check("#direct-consent");
  await send("What is the capital of France?");
  await waitIdle();
  assert.equal(await last(".msg.assistant .text").textContent(), "Paris.");
  assert.match(await last(".msg.assistant .usage").textContent(), /^13 in · 11 out/);
  const entry = replay.requests.find((e) => e.scenario === "direct");
  assert.equal(entry.headers.authorization, "Bearer sk-user-own-key");
  await page.screenshot({ path: path.join(artifacts, "playground-direct.png") });
  await page.check("input[name=mode][value=gateway]");
});
