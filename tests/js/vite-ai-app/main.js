// A page built by Vite running the AI SDK scenarios with `aster/ai-sdk` (condition `browser`),
// against the replay server bases given as `?bases=<JSON>`.
import { runScenario, SCENARIOS } from "../ai_sdk_scenarios.mjs";

async function run() {
  const bases = JSON.parse(new URLSearchParams(location.search).get("bases") ?? "{}");
  const out = {};
  // The replay scenarios use a (fake) key: a page must opt in, as with the official SDKs.
  for (const name of SCENARIOS) out[name] = await runScenario(name, bases, { dangerouslyAllowBrowser: true });
  return out;
}

run().then(
  (out) => {
    window.__result = out;
    document.getElementById("out").textContent = JSON.stringify(out, null, 2);
  },
  (err) => {
    window.__result = { error: String(err && err.stack ? err.stack : err) };
  },
);
