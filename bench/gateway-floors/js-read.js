// A floor for the gateway measure (bench/gateway-ab.mjs): as native-pipe.js, but the upstream
// body is read by JS and each piece enqueued, unchanged, into the JS ReadableStream returned:
// the least any Worker pays that looks at the streamed bytes. Nothing is decoded.
export default {
  async fetch(request, env) {
    const base = /base_url = "([^"]+)"/.exec(env.ASTER_GATEWAY_CONFIG)[1];
    const body = await request.json();
    const up = await fetch(`${base}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${env.OPENAI_API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const reader = up.body.getReader();
    const out = new ReadableStream(
      {
        async pull(c) {
          const { done, value } = await reader.read();
          if (done) c.close();
          else c.enqueue(value);
        },
      },
      { highWaterMark: 0 },
    );
    return new Response(out, { status: up.status, headers: { "content-type": "text/event-stream" } });
  },
};
