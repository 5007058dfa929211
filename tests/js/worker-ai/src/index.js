// GET /run?bases=<JSON> → every AI SDK scenario's result, as JSON.
// POST /api/chat → the README's `useChat` route handler, on the mock provider.
import { runScenario, SCENARIOS } from "../../ai_sdk_scenarios.mjs";
import { chat } from "./chat.js";

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/api/chat" && request.method === "POST") return chat(request, env);
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
