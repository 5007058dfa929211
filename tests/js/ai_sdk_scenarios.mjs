// The AI SDK scenarios every runtime runs (Node, a Vite page in Chromium, a Worker on workerd):
// the real `ai` package drives `aster/ai-sdk` models. Each returns plain JSON for the test to
// assert on; the replay scenarios (`bases`) are queued by the test before it asks for them.
import { createAster } from "aster/ai-sdk";
import { generateText, streamText, tool, stepCountIs, Output, APICallError, embedMany } from "ai";
import { z } from "zod";

const weather = tool({
  description: "The weather in a city",
  inputSchema: z.object({ location: z.string() }),
  execute: async ({ location }) => ({ location, celsius: 21 }),
});

const partTypes = async (stream) => {
  const types = [];
  for await (const p of stream) types.push(p.type);
  return types;
};

/**
 * Runs scenario `name`. `bases` are replay scenario base URLs by name; `options` are extra
 * ClientOptions (a browser page passes `dangerouslyAllowBrowser`).
 */
export async function runScenario(name, bases = {}, options = {}) {
  const mock = createAster({ env: {}, ...options });
  switch (name) {
    case "generate": {
      const r = await generateText({ model: mock("mock/echo"), prompt: "hi from the AI SDK" });
      return { text: r.text, finishReason: r.finishReason, usage: r.usage, providerMetadata: r.providerMetadata, modelId: r.response.modelId };
    }
    case "stream": {
      const r = streamText({ model: mock("mock/reasoning"), prompt: "think first" });
      const types = await partTypes(r.fullStream);
      return { types, text: await r.text, reasoning: await r.reasoningText, usage: await r.usage };
    }
    case "tools": {
      const r = await generateText({ model: mock("mock/echo"), prompt: "What's the weather in Paris?", tools: { get_weather: weather }, stopWhen: stepCountIs(3) });
      return {
        steps: r.steps.map((s) => ({ finishReason: s.finishReason, toolCalls: s.toolCalls.map((c) => ({ toolName: c.toolName, input: c.input })), toolResults: s.toolResults.map((t) => t.output) })),
        text: r.text,
      };
    }
    case "structured": {
      const aster = createAster({ env: { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: bases.structured }, ...options });
      const r = await generateText({
        model: aster("openai/gpt-4o-mini"),
        prompt: "What is the capital of France?",
        output: Output.object({ schema: z.object({ city: z.string(), country: z.string() }), name: "CityLocation" }),
      });
      return { output: r.output, reasoning: r.reasoningText.length > 0 };
    }
    case "abort": {
      const aster = createAster({ env: { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: bases.abort }, ...options });
      const controller = new AbortController();
      const types = [];
      const r = streamText({ model: aster("anthropic/claude-sonnet-4-5"), prompt: "Hello", abortSignal: controller.signal, maxRetries: 0 });
      for await (const p of r.fullStream) {
        types.push(p.type);
        if (p.type === "reasoning-delta") controller.abort();
      }
      return { types };
    }
    case "rateLimit": {
      // aster's retry (honouring retry-after) is in charge; the AI SDK's is off.
      const aster = createAster({ env: { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: bases.rateLimit }, config: { retry: { maxRetries: 2, initialDelayMs: 10 } }, ...options });
      const r = streamText({ model: aster("anthropic/claude-sonnet-4-5"), prompt: "Hello", maxRetries: 0 });
      return { text: await r.text, finishReason: await r.finishReason };
    }
    case "rateLimitError": {
      // No retries left anywhere: the 429 surfaces as the spec's APICallError.
      const aster = createAster({ env: { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: bases.rateLimitError }, config: { retry: { maxRetries: 0 } }, ...options });
      try {
        await generateText({ model: aster("anthropic/claude-sonnet-4-5"), prompt: "Hello", maxRetries: 0 });
        return { error: null };
      } catch (err) {
        const e = APICallError.isInstance(err) ? err : err.lastError ?? err;
        return { error: { isApiCallError: APICallError.isInstance(e), statusCode: e.statusCode, isRetryable: e.isRetryable, responseHeaders: e.responseHeaders, code: e.data?.code } };
      }
    }
    case "cost": {
      const aster = createAster({ env: { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: bases.cost }, ...options });
      const r = streamText({ model: aster("anthropic/claude-sonnet-4-5"), prompt: "Hello" });
      await r.consumeStream();
      const reasoning = (await r.reasoning).map((p) => ({ text: p.text.length > 0, redacted: Boolean(p.providerMetadata?.aster?.redactedData) }));
      return { usage: await r.usage, providerMetadata: await r.providerMetadata, reasoning };
    }
    case "embed": {
      const r = await embedMany({ model: mock.embeddingModel("mock/embed"), values: ["alpha", "beta", "alpha"] });
      return { dims: r.embeddings.map((e) => e.length), same: JSON.stringify(r.embeddings[0]) === JSON.stringify(r.embeddings[2]), tokens: r.usage.tokens };
    }
    default:
      throw new Error(`no scenario ${name}`);
  }
}

const THINKING = "anthropic/test_anthropic_model_thinking_part_stream/00";
// Priced in the catalog (claude-sonnet-4-5-20250929), with redacted thinking.
export const REDACTED = "anthropic/test_anthropic_model_thinking_part_redacted_stream/00";

/** The replay steps each scenario's base serves (the test queues them under its own ids). */
export const REPLAY_STEPS = {
  structured: [{ file: "cassettes/ollama/test_ollama_local_native_output_uses_json_schema/00/body.json", headers: { "content-type": "application/json" } }],
  // Paced, so the abort lands mid-stream.
  abort: [{ cassette: THINKING, pieceSize: 64, delayMs: 40 }],
  rateLimit: [
    { status: 429, headers: { "retry-after": "1", "content-type": "application/json" }, json: { type: "error", error: { type: "rate_limit_error", message: "slow down" } } },
    { cassette: THINKING, pieceSize: 97 },
  ],
  rateLimitError: [
    { status: 429, headers: { "retry-after": "2", "request-id": "req_429", "content-type": "application/json" }, json: { type: "error", error: { type: "rate_limit_error", message: "slow down" } } },
  ],
  cost: [{ cassette: REDACTED, pieceSize: 64 }],
};

/** Every scenario, in the order the runtimes run them. */
export const SCENARIOS = ["generate", "stream", "tools", "structured", "abort", "rateLimit", "rateLimitError", "cost", "embed"];
