// GET /mock → the mock's chunks as JSON; GET /env → a client made from the Worker's bindings;
// GET /stream?base=<replay base> → an Anthropic stream from the replay server through the
// Worker's fetch, as JSON; GET /error → a failing call; GET /embed?base=<replay base> → the
// mock's embeddings and OpenAI's from the replay server.
import { Client, AsterError, createWithNamedModel } from "aster";

async function collect(stream) {
  const chunks = [];
  for await (const c of stream) chunks.push(c);
  return chunks;
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    try {
      if (url.pathname === "/mock") {
        const client = new Client({ type: "mock", chunkSize: 6 }, { env });
        const chunks = await collect(client.stream({ messages: [{ role: "user", content: "hi from a Worker" }] }));
        return Response.json(chunks);
      }
      if (url.pathname === "/env") {
        // The key comes from the Worker's vars; the KV binding beside it is ignored.
        const client = await createWithNamedModel("claude-sonnet-4-5", { env });
        return Response.json({ provider: client.provider, model: client.model, kv: typeof env.KV });
      }
      if (url.pathname === "/embed") {
        const mock = await new Client({ type: "mock", model: "embed" }, { env }).embed({ input: "worker text", dimensions: 4 });
        const base = url.searchParams.get("base");
        const openai = new Client({ type: "openai", apiKey: "sk-worker-key", model: "text-embedding-3-small", baseUrl: `${base}/v1` }, { env });
        const embed = await openai.embed({ input: ["a", "b"] });
        return Response.json({ mock, embed });
      }
      if (url.pathname === "/stream" || url.pathname === "/error") {
        const base = url.searchParams.get("base");
        const client = new Client(
          { type: "anthropic", apiKey: "sk-ant-worker-key", model: "claude-sonnet-4-20250514", baseUrl: `${base}/v1`, retry: { maxRetries: 0 } },
          { env },
        );
        const chunks = await collect(client.stream({ messages: [{ role: "user", content: "Hello" }], maxTokens: 64 }));
        return Response.json(chunks);
      }
      return new Response("not found", { status: 404 });
    } catch (err) {
      const body = err instanceof AsterError ? { code: err.code, status: err.status, message: err.message } : { message: String(err) };
      return Response.json({ error: body }, { status: 500 });
    }
  },
};
