// Type declarations of `aster/ai-sdk`: aster's models as Vercel AI SDK models (language-model
// specification v4, `@ai-sdk/provider` 4.x).
import type { EmbeddingModelV4, ImageModelV4, LanguageModelV4, ProviderV4 } from "@ai-sdk/provider";
import type { CreateOptions, EmbedRequest, Request } from "./index.js";

/**
 * Request defaults of one model, merged under every call's options: any aster request option
 * (`reasoning: {budgetTokens}`, `parallelToolCalls`, `user`, `providerOptions` for the wire
 * body, ...). A call's `providerOptions.aster` takes the same keys and wins over both.
 */
export type AsterModelSettings = Partial<Omit<Request, "messages" | "signal">>;

/** Embed request defaults of one embedding model; a call's `providerOptions.aster` wins. */
export type AsterEmbeddingSettings = Partial<Omit<EmbedRequest, "input" | "signal">>;

/** `ClientOptions` plus `config`, as `createWithNamedModel` takes them. */
export type AsterProviderOptions = CreateOptions;

/** `providerMetadata.aster` of a finished call. */
export interface AsterProviderMetadata {
  /** The aster provider that served the call. */
  provider: string | null;
  /** USD, or null when the model's prices are unknown. */
  totalCost: number | null;
  /** True when the token counts are an estimate. */
  estimated: boolean;
}

export interface AsterProvider extends ProviderV4 {
  /** A language model: `provider/model` (`anthropic/claude-sonnet-4-5`, `mock/echo`) or a recognized name. */
  (modelId: string, settings?: AsterModelSettings): LanguageModelV4;
  languageModel(modelId: string, settings?: AsterModelSettings): LanguageModelV4;
  /**
   * An embedding model over `client.embed` (`openai/text-embedding-3-small`, `mock/embed`, …);
   * `settings` are embed request options (`inputType`, `dimensions`) for every call.
   */
  embeddingModel(modelId: string, settings?: AsterEmbeddingSettings): EmbeddingModelV4;
  /** Throws `NoSuchModelError`. */
  imageModel(modelId: string): ImageModelV4;
}

/** An AI SDK provider over aster. */
export declare function createAster(options?: AsterProviderOptions): AsterProvider;

/** The default provider: credentials from the environment (`process.env` in Node). */
export declare const aster: AsterProvider;
