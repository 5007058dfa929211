// A page built by Vite that imports the package by name (condition `browser`): the mock, the
// browser key guard, a real stream over `fetch` from the replay server (`?replay=<base>`), and
// embeddings (the mock's, and OpenAI's through the replay server at `?embed=<base>`).
import { Client, AsterError } from "aster";

async function collect(stream) {
  const chunks = [];
  for await (const c of stream) chunks.push(c);
  return chunks;
}

async function run() {
  const out = {};
  const replay = new URLSearchParams(location.search).get("replay");

  const mock = new Client({ type: "mock", chunkSize: 4 });
  out.mock = await collect(
    mock.stream({
      messages: [{ role: "user", content: "What's the weather in Paris?" }],
      tools: [{ name: "get_weather", input_schema: { type: "object" } }],
    }),
  );

  const config = { type: "anthropic", apiKey: "sk-ant-page-key", model: "claude-sonnet-4-20250514", baseUrl: `${replay}/v1` };
  try {
    new Client(config);
    out.guard = "accepted";
  } catch (err) {
    out.guard = err instanceof AsterError ? err.code : String(err);
  }
  const client = new Client(config, { dangerouslyAllowBrowser: true });
  out.stream = await collect(client.stream({ messages: [{ role: "user", content: "Hello" }], maxTokens: 64 }));

  out.mockEmbed = await new Client({ type: "mock", model: "embed" }).embed({ input: ["page", "text"] });
  const embedBase = new URLSearchParams(location.search).get("embed");
  const openai = new Client(
    { type: "openai", apiKey: "sk-page-key", model: "text-embedding-3-small", baseUrl: `${embedBase}/v1` },
    { dangerouslyAllowBrowser: true },
  );
  out.embed = await openai.embed({ input: ["a", "b"], dimensions: 2 });
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
