// Runs the gateway Worker on the real workerd runtime for the JS end-to-end tests, in one of
// two ways:
//   - bare workerd (the default): the Worker bundled once per test process by wrangler
//     (`wrangler deploy --dry-run`, as bench/ does) and served by workerd itself. Tests that
//     cut, flood or starve connections must see what the gateway does, not what
//     `wrangler dev`'s local proxy does in front of it (it restarts the Worker after a cut
//     upload and gives up on ~2000 simultaneous connections).
//   - `wrangler dev` (`{ wranglerDev: true }`): where users meet it, with the playground's
//     static assets (wrangler.toml [assets]); the playground tests use it.
// Either way: a throwaway directory, the test's gateway configuration as a variable, the token
// and test provider keys as secrets, 127.0.0.1 and free ports. Nothing leaves the machine:
// every upstream is the replay server on 127.0.0.1, and wrangler's metrics and cf.json
// download are off.
//
// Needs the build: scripts/build-gateway.sh (pkg-gateway/, www/dist/).
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundle, serveWorker } from "../../bench/lib/workerd.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, "..", "..");
export const TOKEN = "test-gateway-token-0123456789";

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function tomlString(s) {
  return JSON.stringify(s);
}

/**
 * Starts a gateway. `config` is the gateway configuration (TOML), `vars` more Worker variables
 * and secrets (provider keys); `wranglerDev` serves it with `wrangler dev` and the playground's
 * assets instead of bare workerd. Resolves with `{url, stop(), logs()}` once `/health` answers.
 */
export async function startGateway({ config = "", vars = {}, wranglerDev = false } = {}) {
  for (const f of ["pkg-gateway/aster_bg.wasm", "www/dist/index.html"]) {
    if (!fs.existsSync(path.join(repoRoot, f))) {
      throw new Error(`${f} is missing: run scripts/build-gateway.sh`);
    }
  }
  return wranglerDev ? startWranglerDev({ config, vars }) : startWorkerd({ config, vars });
}

let bundled = null;

/** The Worker bundled once per test process (wrangler's own bundling, as `deploy` does). */
function workerBundle() {
  if (!bundled) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aster-gateway-bundle-"));
    process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    bundled = bundle(repoRoot, path.join(repoRoot, "worker", "index.js"), dir);
  }
  return bundled;
}

async function startWorkerd({ config, vars }) {
  const b = workerBundle();
  const w = await serveWorker(repoRoot, {
    dir: b.dir,
    modules: [{ name: b.js, file: b.js, kind: "esModule" }, ...b.wasm.map((f) => ({ name: f, file: f, kind: "wasm" }))],
    bindings: { ASTER_GATEWAY_TOKEN: TOKEN, ASTER_GATEWAY_CONFIG: config, ...vars },
  });
  return { url: w.url, logs: w.logs, stop: w.stop };
}

async function startWranglerDev({ config, vars }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aster-gateway-"));
  const toml = [
    `name = "aster-gateway-test"`,
    `main = ${tomlString(path.join(repoRoot, "worker", "index.js"))}`,
    `compatibility_date = "2025-09-01"`,
    `[assets]`,
    `directory = ${tomlString(path.join(repoRoot, "www", "dist"))}`,
    `run_worker_first = ["/v1/*", "/health"]`,
    `[vars]`,
    `ASTER_GATEWAY_CONFIG = ${tomlString(config)}`,
  ].join("\n");
  fs.writeFileSync(path.join(dir, "wrangler.toml"), toml + "\n");
  const devVars = { ASTER_GATEWAY_TOKEN: TOKEN, ...vars };
  fs.writeFileSync(
    path.join(dir, ".dev.vars"),
    Object.entries(devVars)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join("\n") + "\n",
    { mode: 0o600 },
  );
  const port = await freePort();
  const inspector = await freePort();
  const bin = path.join(repoRoot, "node_modules", ".bin");
  const child = spawn(
    path.join(bin, "node"),
    [
      path.join(repoRoot, "node_modules", "wrangler", "bin", "wrangler.js"),
      "dev",
      "--config",
      path.join(dir, "wrangler.toml"),
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--inspector-port",
      String(inspector),
      "--log-level",
      "warn",
      "--persist-to",
      path.join(dir, "state"),
    ],
    {
      cwd: dir,
      env: {
        ...process.env,
        PATH: `${bin}${path.delimiter}${process.env.PATH}`,
        WRANGLER_SEND_METRICS: "false",
        WRANGLER_SEND_ERROR_REPORTS: "false",
        CLOUDFLARE_CF_FETCH_ENABLED: "false",
        WRANGLER_LOG_PATH: path.join(dir, "logs"),
        XDG_CONFIG_HOME: path.join(dir, "config"),
        CI: "true",
        NO_COLOR: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    },
  );
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  let exited = null;
  child.on("exit", (code) => (exited = code));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== null) throw new Error(`wrangler dev exited (${exited}):\n${log}`);
    if (Date.now() > deadline) {
      stopChild(child);
      throw new Error(`wrangler dev did not start in time:\n${log}`);
    }
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) break;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    logs: () => log,
    async stop() {
      await stopChild(child);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function stopChild(child) {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", resolve);
    // The process group: wrangler and the workerd it started.
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      child.kill("SIGTERM");
    }
    setTimeout(() => {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }, 5000).unref();
  });
}
