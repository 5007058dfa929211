// A typed consumer of the package: compiled with `tsc --noEmit --strict` by the JS tests, so
// the declarations cover every option of DESIGN §3.1, every chunk type, the response and errors.
import {
  AsterError,
  Client,
  Decoder,
  create,
  createWithNamedModel,
  decode,
  estimateCost,
  getModel,
  refreshCustomProviders,
  type Chunk,
  type CompletionResponse,
  type EmbedResponse,
  type ErrorCode,
  type Request,
  type TokenCount,
  type Usage,
} from "aster";

const request: Request = {
  model: "claude-sonnet-4-5",
  system: [{ type: "text", text: "Be brief.", cache_control: { type: "ephemeral", ttl: "1h" } }],
  messages: [
    { role: "user", content: "Hello" },
    {
      role: "user",
      content: [
        { type: "text", text: "Look", cache_control: { type: "ephemeral" } },
        { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBOR" } },
        { type: "image", source: { type: "url", url: "https://example.com/a.png" } },
        { type: "document", source: { type: "base64", media_type: "application/pdf", data: "JVBER" }, title: "Doc" },
      ],
    },
    {
      role: "assistant",
      content: [
        { type: "thinking", thinking: "hmm", signature: "sig" },
        { type: "redacted_thinking", data: "opaque" },
        { type: "tool_use", id: "call_1", name: "get_weather", input: { location: "Paris" } },
      ],
    },
    {
      role: "user",
      content: [
        { type: "tool_result", tool_use_id: "call_1", content: "sunny", is_error: false },
        { type: "tool_result", tool_use_id: "call_2", content: [{ type: "text", text: "18C" }] },
      ],
    },
  ],
  tools: [{ name: "get_weather", description: "Weather", input_schema: { type: "object" } }],
  toolChoice: { type: "tool", name: "get_weather" },
  parallelToolCalls: false,
  maxTokens: 1024,
  temperature: 0.2,
  topP: 0.9,
  topK: 40,
  stopSequences: ["END"],
  reasoning: { effort: "high" },
  responseFormat: { type: "json_schema", name: "answer", schema: { type: "object" }, strict: true },
  user: "user-1",
  signal: new AbortController().signal,
  providerOptions: { openai: { store: false } },
};

const budget: Request = { messages: [], reasoning: { budgetTokens: 2048 }, toolChoice: "auto" };

function describe(c: Chunk): string {
  switch (c.type) {
    case "metadata":
      return `${c.provider} ${c.model ?? ""} ${c.id ?? ""}`;
    case "text":
      return c.text;
    case "reasoning":
      return c.reasoning + (c.signature ?? "") + (c.redacted ?? "");
    case "tool_call_start":
      return `${c.index} ${c.id} ${c.name}`;
    case "tool_call_delta":
      return c.argumentsDelta;
    case "tool_call":
      return `${c.name}(${c.arguments}) ${JSON.stringify(c.input)} ${c.error ?? ""}`;
    case "provider_tool":
      return `${c.id} ${c.name} ${JSON.stringify(c.input)} ${JSON.stringify(c.result ?? null)}`;
    case "usage": {
      const u: Usage = c;
      return `${u.inputTokens} ${u.outputTokens} ${u.cacheReadTokens} ${u.cacheWriteTokens} ${u.reasoningTokens} ${u.totalCost ?? "?"} ${u.estimated}`;
    }
    case "finish":
      return `${c.reason} ${c.rawReason ?? ""}`;
  }
}

async function main(): Promise<void> {
  const client = new Client({ type: "anthropic", apiKey: "k", model: "claude-sonnet-4-5" }, { firstByteTimeoutMs: 1000, idleTimeoutMs: 500 });
  const sectioned = new Client({ provider: { type: "mock", delayMs: 10, chunkSize: 4 }, retry: { maxRetries: 1 } }, { env: {} });
  const model: string = client.model + sectioned.provider;

  for await (const chunk of client.stream(request)) {
    console.log(describe(chunk));
  }
  const reader = sectioned.stream(budget).getReader();
  const first = await reader.read();
  if (!first.done) console.log(describe(first.value));
  await reader.cancel();

  const r: CompletionResponse = await client.complete(request);
  for (const block of r.content) {
    if (block.type === "tool_use") console.log(block.name, block.input);
    else if (block.type === "text") console.log(block.text);
  }
  console.log(r.text, r.stopReason, r.usage.totalCost, r.id, model);
  const count: TokenCount = await client.countTokens(request);
  console.log(count.inputTokens, count.estimated, count.totalCost ?? "?");

  try {
    await client.complete({ messages: [] });
  } catch (e) {
    if (e instanceof AsterError) {
      const code: ErrorCode = e.code;
      const retry: number | null = e.retryAfterMs;
      console.log(code, e.status, e.provider, e.retryable, retry, e.requestId, e.message);
    }
  }

  const detected = await create({ env: { OPENAI_API_KEY: "k" }, config: { type: "mock" } });
  const named = await createWithNamedModel("gpt-4o", { env: {} });
  const n: number = await refreshCustomProviders({ customProviders: [{ name: "acme", baseUrl: "https://x", models: ["m"] }] });
  const chunks: Chunk[] = decode("anthropic", new Uint8Array(), { provider: "anthropic", stream: true });
  const d = new Decoder("bedrock-converse", { framing: "event-stream" });
  const more: Chunk[] = [...d.feed(new Uint8Array([1])), ...d.finish()];
  const info = getModel("gpt-4o");
  const cost: number | null = estimateCost("gpt-4o", { inputTokens: 10 });
  console.log(detected.model, named.model, n, chunks.length, more.length, info?.contextWindow, info?.price?.input, cost);

  const e: EmbedResponse = await sectioned.embed({ input: ["a", "b"], dimensions: 8, inputType: "query", signal: new AbortController().signal });
  const x0: number | undefined = e.embeddings[0]?.[0];
  const totalCost: number | null = e.usage.totalCost;
  await client.embed({ input: "one" });
  console.log(x0, totalCost, e.usage.inputTokens, e.usage.estimated, e.model, e.warnings?.[0]?.setting, info?.capabilities.embedding);
}

void main;
