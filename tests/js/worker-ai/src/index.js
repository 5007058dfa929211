// GET /run?bases=<JSON> → every AI SDK scenario's result, as JSON.
import { runScenario, SCENARIOS } from "../../ai_sdk_scenarios.mjs";

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname !== "/run") return new Response("not found", { status: 404 });
    try {
      const bases = JSON.parse(url.searchParams.get("bases") ?? "{}");
      const out = {};
      for (const name of SCENARIOS) out[name] = await runScenario(name, bases);
      return Response.json(out);
    } catch (err) {
      return Response.json({ error: String(err && err.stack ? err.stack : err) });
    }
  },
};
