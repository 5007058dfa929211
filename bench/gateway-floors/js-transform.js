// A floor for the gateway measure (bench/gateway-ab.mjs): as js-read.js, plus the lightest
// transform of the events: SSE framed by splitting on blank lines, each data line JSON.parse'd
// and JSON.stringify'd back. No provider logic, no translation, no usage: a lower bound for
// any Worker that re-encodes a stream event by event.
const decoder = new TextDecoder();
const encoder = new TextEncoder();

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
    let rest = "";
    const out = new ReadableStream(
      {
        async pull(c) {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) {
              c.close();
              return;
            }
            const events = (rest + decoder.decode(value, { stream: true })).split("\n\n");
            rest = events.pop();
            let text = "";
            for (const e of events) {
              if (!e.startsWith("data: ")) continue;
              const data = e.slice(6);
              text += data === "[DONE]" ? "data: [DONE]\n\n" : `data: ${JSON.stringify(JSON.parse(data))}\n\n`;
            }
            if (text) {
              c.enqueue(encoder.encode(text));
              return;
            }
          }
        },
      },
      { highWaterMark: 0 },
    );
    return new Response(out, { status: up.status, headers: { "content-type": "text/event-stream" } });
  },
};
