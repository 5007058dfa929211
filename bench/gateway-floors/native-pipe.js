// A floor for the gateway measure (bench/gateway-ab.mjs): what a Worker costs that reads and
// re-serializes the request's JSON, calls the upstream, and hands the upstream body back
// unread (workerd pipes it natively). Not a gateway: nothing is decoded or translated.
// Takes the upstream from the gateway's bindings (ASTER_GATEWAY_CONFIG's base_url).
export default {
  async fetch(request, env) {
    const base = /base_url = "([^"]+)"/.exec(env.ASTER_GATEWAY_CONFIG)[1];
    const body = await request.json();
    const up = await fetch(`${base}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${env.OPENAI_API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return new Response(up.body, { status: up.status, headers: { "content-type": "text/event-stream" } });
  },
};
