// Helpers of scripts/dev.sh.
//
//   node scripts/dev.mjs vars          writes .dev.vars: keeps (or creates) the gateway token,
//                                      and copies the provider variables of this environment
//   node scripts/dev.mjs banner URL    waits for the Worker, then prints the playground URL
//                                      with the token in its fragment, and the providers
//
// Secret values are written to .dev.vars (mode 600, gitignored) and never printed.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const varsFile = path.join(root, ".dev.vars");
const TOKEN = "ASTER_GATEWAY_TOKEN";
const BEGIN = "# --- provider variables copied from your environment by npm run dev ---";
const END = "# --- end of copied variables ---";

// The variables of aster's provider table (keys, base URLs, regions, projects, accounts), from
// the package built just before (`providerEnvVars()`), so this list is never a copy.
// GOOGLE_APPLICATION_CREDENTIALS is left out: it is a file path, which a Worker cannot read
// (set GOOGLE_APPLICATION_CREDENTIALS_JSON instead). Any other *_API_KEY is copied too, for
// custom providers the configuration names with api_key_env.
async function providerVars() {
  const { providerEnvVars } = await import(pathToFileURL(path.join(root, "pkg", "node.js")).href);
  return providerEnvVars().filter((v) => v !== "GOOGLE_APPLICATION_CREDENTIALS");
}

/** A dotenv value: double-quoted with escapes when needed (a PEM key has newlines). */
function quote(v) {
  if (/^[A-Za-z0-9_\-.:/+=@]*$/.test(v)) return v;
  return JSON.stringify(v);
}

function parseLines(text) {
  const out = new Map();
  for (const line of text.split("\n")) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (m) out.set(m[1], m[2]);
  }
  return out;
}

async function vars() {
  let text = fs.existsSync(varsFile) ? fs.readFileSync(varsFile, "utf8") : "";
  // Drop the block a previous run wrote: it is rewritten from the current environment.
  const start = text.indexOf(BEGIN);
  if (start >= 0) {
    const end = text.indexOf(END, start);
    text = text.slice(0, start) + (end >= 0 ? text.slice(end + END.length).replace(/^\n/, "") : "");
  }
  const own = parseLines(text);
  let created = false;
  if (!own.get(TOKEN)) {
    const token = `aster-dev-${crypto.randomBytes(24).toString("base64url")}`;
    text = `# The gateway token (npm run dev made it; callers send it as their API key).\n${TOKEN}=${token}\n${text}`;
    created = true;
  }
  const names = new Set(await providerVars());
  for (const k of Object.keys(process.env)) if (/_API_KEY$/.test(k) && k !== TOKEN) names.add(k);
  const copied = [...names].filter((k) => process.env[k] && process.env[k].trim() && !own.has(k)).sort();
  if (copied.length) {
    const lines = copied.map((k) => `${k}=${quote(process.env[k])}`);
    text = `${text.replace(/\n*$/, "\n")}${BEGIN}\n${lines.join("\n")}\n${END}\n`;
  }
  fs.writeFileSync(varsFile, text, { mode: 0o600 });
  fs.chmodSync(varsFile, 0o600);
  if (created) console.log(`  made a gateway token in .dev.vars`);
  console.log(
    copied.length
      ? `  provider variables from your environment: ${copied.join(", ")}`
      : "  no provider keys in your environment: the mock provider is there (export e.g. OPENAI_API_KEY for more)",
  );
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function banner(url) {
  const token = parseLines(fs.readFileSync(varsFile, "utf8")).get(TOKEN)?.replace(/^"|"$/g, "");
  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) break;
    } catch {
      // Not up yet.
    }
    await sleep(250);
  }
  let providers = ["mock"];
  try {
    const res = await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${token}` } });
    const body = await res.json();
    providers = [...new Set((body.data ?? []).map((m) => m.owned_by))].filter((p) => p !== "aster-gateway");
  } catch {
    // The banner still gives the URL.
  }
  const b = (s) => `\x1b[1m${s}\x1b[0m`;
  const c = (s) => `\x1b[36m${s}\x1b[0m`;
  console.log(
    [
      "",
      `  ${b("aster gateway + playground")}`,
      "",
      `  Playground  ${c(`${url}/#token=${token}`)}`,
      `  API         ${url}/v1  (OpenAI: /v1/chat/completions · Anthropic: /v1/messages)`,
      `  Token       ASTER_GATEWAY_TOKEN in .dev.vars (send it as the API key)`,
      `  Providers   ${providers.join(", ")}`,
      "",
    ].join("\n"),
  );
}

const [cmd, arg] = process.argv.slice(2);
if (cmd === "vars") await vars();
else if (cmd === "banner") await banner(arg);
else {
  console.error("usage: node scripts/dev.mjs vars | banner URL");
  process.exit(2);
}
