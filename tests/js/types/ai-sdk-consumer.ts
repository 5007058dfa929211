// A typed consumer of `aster/ai-sdk` with the real `ai`: the provider's models are the AI
// SDK's LanguageModelV4, its options are ClientOptions plus `config`, its settings aster's
// request options.
import { createAster, aster, type AsterProvider, type AsterProviderMetadata } from "aster/ai-sdk";
import type { LanguageModelV4, ProviderV4 } from "@ai-sdk/provider";
import { generateText, streamText } from "ai";

const provider: AsterProvider = createAster({
  env: { ANTHROPIC_API_KEY: "k" },
  config: { retry: { maxRetries: 1 } },
  firstByteTimeoutMs: 10_000,
});
const asProvider: ProviderV4 = provider;
const model: LanguageModelV4 = provider("anthropic/claude-sonnet-4-5", { reasoning: { budgetTokens: 2048 }, parallelToolCalls: false });
const other: LanguageModelV4 = aster.languageModel("mock/echo");

export async function run(): Promise<number | null> {
  const r = await generateText({ model, prompt: "hi", providerOptions: { aster: { user: "u1" } } });
  const meta = r.providerMetadata?.["aster"] as AsterProviderMetadata | undefined;
  const s = streamText({ model: other, prompt: "hi", maxRetries: 0 });
  for await (const t of s.textStream) void t;
  void asProvider;
  return meta?.totalCost ?? null;
}
