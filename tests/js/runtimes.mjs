// Running built code where users run it: a static server for a Vite build, headless Chromium
// (playwright-core, the system browser), and `wrangler dev` (workerd) for a Worker.
import fs from "node:fs";
import path from "node:path";
import http from "node:http";
import net from "node:net";
import { spawn, execFileSync } from "node:child_process";
import { repoRoot } from "./setup.mjs";

export const bin = (name) => path.join(repoRoot, "node_modules", ".bin", name);
// wrangler 4 wants Node >= 22: the `node` devDependency provides it beside the system Node.
export const wrangler = (args) => [bin("node"), [path.join(repoRoot, "node_modules", "wrangler", "bin", "wrangler.js"), ...args]];
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function run(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { encoding: "utf8", stdio: "pipe", ...opts });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

/** Serves `dir` on 127.0.0.1 (a built page and its assets). */
export function serveDir(dir) {
  const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css" };
  const server = http.createServer((req, res) => {
    const p = path.join(dir, decodeURIComponent(new URL(req.url, "http://x").pathname));
    const file = p.endsWith("/") ? path.join(p, "index.html") : p;
    if (!file.startsWith(dir) || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Headless Chromium. */
export async function launchChromium() {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** The environment wrangler runs in: no metrics, logs under `tmp`. */
export function wranglerEnv(tmp) {
  return { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1", WRANGLER_LOG_PATH: path.join(tmp, "wrangler-logs") };
}

/**
 * `wrangler dev` of the Worker in `dir` on a free port, once it answers (`/health` gets any
 * HTTP answer, within 60 s): `{base, stop}`.
 */
export async function wranglerDev(dir, env) {
  const port = await freePort();
  const inspector = await freePort();
  const dev = spawn(
    ...wrangler(["dev", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspector), "--show-interactive-dev-session=false"]),
    { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let log = "";
  dev.stdout.on("data", (d) => (log += d));
  dev.stderr.on("data", (d) => (log += d));
  const stop = async () => {
    dev.kill("SIGTERM");
    await new Promise((r) => (dev.exitCode !== null ? r() : dev.once("exit", r)));
  };
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await fetch(`${base}/health`);
      break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline || dev.exitCode !== null) {
      await stop();
      throw new Error(`wrangler dev did not start:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { base, stop, log: () => log };
}
