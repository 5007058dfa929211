// Workers on bare workerd (the runtime `wrangler dev` and Cloudflare run), for the gateway
// measure. `wrangler dev` puts its own local proxy in front of workerd, which costs several ms
// per request by itself on a small machine, so the gateway is bundled with wrangler
// (`wrangler deploy --dry-run`) and served by workerd directly, on 127.0.0.1 only.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

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

const capnpText = (s) => JSON.stringify(s);

/** The compatibility date of the repo's wrangler.toml (the gateway's own), or a default. */
function compatibilityDate(root) {
  const toml = path.join(root, "wrangler.toml");
  const m = fs.existsSync(toml) && /^compatibility_date\s*=\s*"([^"]+)"/m.exec(fs.readFileSync(toml, "utf8"));
  return m ? m[1] : "2025-09-01";
}

/**
 * Bundles `main` (a Worker entry) with the repo's wrangler into `dir`: {js, wasm[]} file names.
 */
export function bundle(root, main, dir) {
  const cfg = path.join(dir, "bundle.toml");
  fs.writeFileSync(cfg, `name = "aster-bench"\nmain = ${capnpText(main)}\ncompatibility_date = ${capnpText(compatibilityDate(root))}\n`);
  const out = path.join(dir, "bundle");
  const r = spawnSync(
    wranglerNode(root),
    [path.join(root, "node_modules", "wrangler", "bin", "wrangler.js"), "deploy", "--dry-run", "--config", cfg, "--outdir", out],
    { cwd: dir, encoding: "utf8", env: quietEnv(root, dir) },
  );
  if (r.status !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${(r.stdout + r.stderr).slice(-2000)}`);
  const files = fs.readdirSync(out);
  // The bundle is named after the entry (worker/index.js -> index.js).
  const js = path.basename(main).replace(/\.[cm]?js$/, ".js");
  return { dir: out, js, wasm: files.filter((f) => f.endsWith(".wasm")) };
}

function wranglerNode(root) {
  const n = path.join(root, "node_modules", ".bin", "node");
  return fs.existsSync(n) ? n : process.execPath;
}

function quietEnv(root, dir) {
  return {
    ...process.env,
    PATH: `${path.join(root, "node_modules", ".bin")}${path.delimiter}${process.env.PATH}`,
    WRANGLER_SEND_METRICS: "false",
    WRANGLER_SEND_ERROR_REPORTS: "false",
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    WRANGLER_LOG_PATH: path.join(dir, "logs"),
    XDG_CONFIG_HOME: path.join(dir, "config"),
    CI: "true",
    NO_COLOR: "1",
  };
}

export function workerdBinary(root) {
  const b = path.join(root, "node_modules", ".bin", "workerd");
  return fs.existsSync(b) ? b : null;
}

/**
 * Serves a Worker with workerd: `modules` = [{name, file, kind: "esModule" | "wasm"}] (the
 * first is the entry), `bindings` = {NAME: text}. Outbound fetches may reach 127.0.0.1.
 * Resolves with {url, stop(), pid, logs()} once `/health` answers (any status); `logs()` is the
 * tail of workerd's output.
 */
export async function serveWorker(root, { modules, bindings, dir, healthPath = "/health", args = [] }) {
  const port = await freePort();
  const mods = modules.map((m) => `(name = ${capnpText(m.name)}, ${m.kind} = embed ${capnpText(m.file)})`).join(",\n    ");
  const binds = Object.entries(bindings)
    .map(([k, v]) => `(name = ${capnpText(k)}, text = ${capnpText(v)})`)
    .join(",\n    ");
  const config = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "loopback", network = (allow = ["local", "private", "public"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [
    ${mods}
  ],
  bindings = [
    ${binds}
  ],
  compatibilityDate = ${capnpText(compatibilityDate(root))},
  globalOutbound = "loopback",
);
`;
  const file = path.join(dir, `worker-${port}.capnp`);
  fs.writeFileSync(file, config);
  const child = spawn(workerdBinary(root), ["serve", file, ...args], { cwd: dir, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let log = "";
  child.stdout.on("data", (d) => (log = (log + d).slice(-4000)));
  child.stderr.on("data", (d) => (log = (log + d).slice(-4000)));
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", resolve);
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        child.kill("SIGTERM");
      }
      setTimeout(() => {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // Gone.
        }
      }, 5000).unref();
    });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`workerd exited (${child.exitCode}):\n${log}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`workerd did not start in time:\n${log}`);
    }
    try {
      await fetch(url + healthPath);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { url, stop, pid: child.pid, logs: () => log };
}

/** A Worker that forwards every request to UPSTREAM unchanged (and answers /health). */
export const PASSTHROUGH = `export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/health") return new Response("ok");
    return fetch(env.UPSTREAM + url.pathname, { method: request.method, headers: request.headers, body: request.body });
  },
};
`;

export function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), "aster-bench-workerd-"));
}
