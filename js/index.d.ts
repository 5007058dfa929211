// Type declarations of the aster npm package (hand-written; DESIGN §3).

// ---------------------------------------------------------------------------------------------
// Request (DESIGN §3.1): Anthropic MessageParam messages plus camelCase options.
// ---------------------------------------------------------------------------------------------

/** Prompt-cache breakpoint. */
export interface CacheControl {
  type: "ephemeral";
  ttl?: "5m" | "1h";
}

export type ImageSource =
  | { type: "base64"; media_type: string; data: string }
  | { type: "url"; url: string };

export type DocumentSource =
  | { type: "base64"; media_type: "application/pdf" | (string & {}); data: string }
  | { type: "url"; url: string }
  | { type: "text"; media_type: "text/plain"; data: string };

export interface TextBlock {
  type: "text";
  text: string;
  cache_control?: CacheControl;
}

export interface ImageBlock {
  type: "image";
  source: ImageSource;
  cache_control?: CacheControl;
}

export interface DocumentBlock {
  type: "document";
  source: DocumentSource;
  title?: string;
  cache_control?: CacheControl;
}

export interface ToolUseBlock {
  type: "tool_use";
  id: string;
  name: string;
  input: unknown;
  cache_control?: CacheControl;
}

export type ToolResultContentBlock = TextBlock | ImageBlock | DocumentBlock;

export interface ToolResultBlock {
  type: "tool_result";
  tool_use_id: string;
  content?: string | ToolResultContentBlock[];
  is_error?: boolean;
  cache_control?: CacheControl;
}

export interface ThinkingBlock {
  type: "thinking";
  thinking: string;
  signature?: string;
}

export interface RedactedThinkingBlock {
  type: "redacted_thinking";
  data: string;
}

export type ContentBlock =
  | TextBlock
  | ImageBlock
  | DocumentBlock
  | ToolUseBlock
  | ToolResultBlock
  | ThinkingBlock
  | RedactedThinkingBlock;

export interface Message {
  role: "user" | "assistant";
  content: string | ContentBlock[];
}

/** A JSON Schema object. */
export type JsonSchema = { [key: string]: unknown };

export interface Tool {
  name: string;
  description?: string;
  input_schema: JsonSchema;
  cache_control?: CacheControl;
}

export type ToolChoice =
  | "auto"
  | "any"
  | "required"
  | "none"
  | { type: "auto" | "any" | "none"; disable_parallel_tool_use?: boolean }
  | { type: "tool"; name: string; disable_parallel_tool_use?: boolean }
  /** OpenAI's spelling. */
  | { type: "function"; function: { name: string } };

export type ReasoningEffort = "minimal" | "low" | "medium" | "high";

export type ReasoningOptions =
  | { effort: ReasoningEffort; budgetTokens?: number }
  | { effort?: ReasoningEffort; budgetTokens: number };

export type ResponseFormat =
  | { type: "text" }
  | { type: "json_object" }
  | { type: "json_schema"; name?: string; schema: JsonSchema; strict?: boolean }
  /** OpenAI's spelling. */
  | { type: "json_schema"; json_schema: { name?: string; schema: JsonSchema; strict?: boolean } };

export interface Request {
  messages: Message[];
  /** Overrides the client's model. */
  model?: string;
  system?: string | TextBlock[];
  tools?: Tool[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  /** Sampling seed where the API takes one (OpenAI chat and compatible, Mistral, Gemini, Ollama, TGI); elsewhere a warning. */
  seed?: number;
  reasoning?: ReasoningOptions;
  responseFormat?: ResponseFormat;
  /** End-user id for abuse tracking. */
  user?: string;
  /** Cancels the request, any retry wait and the stream. */
  signal?: AbortSignal;
  /** Passed through to the named provider's request body: `{ openai: { ... } }`. */
  providerOptions?: { [provider: string]: { [key: string]: unknown } };
}

// ---------------------------------------------------------------------------------------------
// Chunks (DESIGN §3.2): a discriminated union on `type`.
// ---------------------------------------------------------------------------------------------

export interface MetadataChunk {
  type: "metadata";
  id?: string;
  model?: string;
  provider: string;
}

export interface TextChunk {
  type: "text";
  text: string;
}

export interface ReasoningChunk {
  type: "reasoning";
  reasoning: string;
  signature?: string;
  redacted?: string;
}

export interface ToolCallStartChunk {
  type: "tool_call_start";
  index: number;
  id: string;
  name: string;
}

export interface ToolCallDeltaChunk {
  type: "tool_call_delta";
  index: number;
  id: string;
  argumentsDelta: string;
}

export interface ToolCallChunk {
  type: "tool_call";
  index: number;
  id: string;
  name: string;
  /** The complete arguments JSON text, as the provider sent it. */
  arguments: string;
  /** The arguments parsed (`null` when they are not valid JSON; see `error`). */
  input: unknown;
  error?: string;
}

/**
 * A tool the provider ran itself (Anthropic server tools, xAI server tools, OpenAI hosted
 * tools): never a call for the caller to answer. One chunk carries a call with its result
 * (Anthropic's `*_tool_result` block is joined to its call); a result whose call was never
 * seen comes alone, with the result block's type as `name` and `input: null`.
 */
export interface ProviderToolChunk {
  type: "provider_tool";
  id: string;
  /** The tool name, or the hosted item type (`web_search_call`) when it has none. */
  name: string;
  input: unknown;
  result?: unknown;
}

export interface Usage {
  /** Every prompt token: uncached + cache read + cache write. */
  inputTokens: number;
  /** Every generated token, reasoning included. */
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  /** USD, or null when the model's prices are unknown. */
  totalCost: number | null;
  /** True when the counts are an estimate. */
  estimated: boolean;
}

export interface UsageChunk extends Usage {
  type: "usage";
}

export type FinishReason = "stop" | "length" | "tool_calls" | "content_filter" | "error" | "other";

export interface FinishChunk {
  type: "finish";
  reason: FinishReason;
  rawReason: string | null;
}

export type Chunk =
  | MetadataChunk
  | TextChunk
  | ReasoningChunk
  | ToolCallStartChunk
  | ToolCallDeltaChunk
  | ToolCallChunk
  | ProviderToolChunk
  | UsageChunk
  | FinishChunk;

/** A setting the provider cannot honour: reported, not sent, never a failure. */
export interface Warning {
  /** The setting or content (`temperature`, `messages[1].content[0]`, ...). */
  setting: string;
  message: string;
}

/** A ReadableStream of chunks that `for await` can iterate. */
export interface ChunkStream extends ReadableStream<Chunk> {
  [Symbol.asyncIterator](): AsyncIterableIterator<Chunk>;
  /** Filled once the request was built (after the first chunk arrived). */
  readonly warnings: Warning[];
}

// ---------------------------------------------------------------------------------------------
// Response
// ---------------------------------------------------------------------------------------------

export type ResponseContentBlock = TextBlock | ToolUseBlock | ThinkingBlock | RedactedThinkingBlock;

export interface CompletionResponse {
  id: string | null;
  model: string | null;
  provider: string | null;
  content: ResponseContentBlock[];
  /** Every text block joined. */
  text: string;
  stopReason: FinishReason;
  rawStopReason: string | null;
  usage: Usage;
  /** Tool calls whose arguments were not valid JSON: `[callId, parseError]`. */
  toolErrors?: [string, string][];
  /** Tools the provider ran itself, each with its result when reported. */
  providerTools?: { id: string; name: string; input: unknown; result?: unknown }[];
  /** Settings the provider could not honour. */
  warnings?: Warning[];
}

// ---------------------------------------------------------------------------------------------
// Errors (DESIGN §3.3)
// ---------------------------------------------------------------------------------------------

export type ErrorCode =
  | "authentication"
  | "rate_limit"
  | "model_not_found"
  | "invalid_request"
  | "context_length_exceeded"
  | "overloaded"
  | "server_error"
  | "network"
  | "timeout"
  | "aborted"
  | "decode"
  | "config"
  | "internal";

/** Every failure aster reports. Messages never contain a credential. */
export declare class AsterError extends Error {
  constructor(
    message: string,
    fields?: Partial<Pick<AsterError, "code" | "status" | "provider" | "retryable" | "retryAfterMs" | "requestId" | "providerCode" | "headers">>,
  );
  readonly name: "AsterError";
  readonly code: ErrorCode;
  /** HTTP status, when the error came from a response. */
  readonly status: number | null;
  /** aster provider name, when known. */
  readonly provider: string | null;
  /** Whether retrying could help. */
  readonly retryable: boolean;
  /** How long the provider asked to wait, in milliseconds. */
  readonly retryAfterMs: number | null;
  /** The provider's request id. */
  readonly requestId: string | null;
  /** The provider's own error type or code (`overloaded_error`, `RESOURCE_EXHAUSTED`, ...). */
  readonly providerCode: string | null;
  /**
   * The error response's headers a caller may act on (lowercase names): `retry-after`,
   * `retry-after-ms`, `x-ratelimit-*`, `anthropic-ratelimit-*`, request ids. Nothing else is
   * kept; null when the failure was not an HTTP error status (or, in a browser, the provider
   * exposes none of them to the page).
   */
  readonly headers: { [name: string]: string } | null;
  /** For `decode()` and `Decoder`: the chunks produced before the error. */
  chunks?: Chunk[];
}

// ---------------------------------------------------------------------------------------------
// Configuration (DESIGN §3.6)
// ---------------------------------------------------------------------------------------------

export type ProviderType =
  | "openai"
  | "anthropic"
  | "google"
  | "azure"
  | "bedrock"
  | "gcpvertexai"
  | "ollama"
  | "openrouter"
  | "litellm"
  | "xai"
  | "venice"
  | "databricks"
  | "snowflake"
  | "sagemaker_tgi"
  | "mistral"
  | "custom"
  | "mock"
  | (string & {});

export interface RetryOptions {
  maxRetries?: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
  backoffMultiplier?: number;
}

/**
 * A provider section: the seed's TOML keys in camelCase. Unknown keys, and keys the provider
 * does not use, are `config` errors (a typo never silently drops a setting).
 */
export interface ProviderConfig {
  /** A provider name, or a custom provider's name. */
  type: ProviderType;
  apiKey?: string;
  /** Environment variable holding the key (read from `env`). */
  apiKeyEnv?: string;
  model?: string;
  baseUrl?: string;
  /** Extra request headers. */
  headers?: { [name: string]: string };
  /** OpenAI-compatible hosts: `chat` or `responses`; Ollama: `native` or `chat`. */
  api?: "chat" | "responses" | "native";
  /** Azure OpenAI. */
  deployment?: string;
  endpoint?: string;
  apiVersion?: string;
  azureAdToken?: string;
  /** AWS (Bedrock, SageMaker). */
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  /** Google Vertex AI. */
  project?: string;
  location?: string;
  accessToken?: string;
  /** A service-account key (JSON text or object); its JWT is signed with WebCrypto. */
  credentials?: string | { [key: string]: unknown };
  /** Snowflake. */
  account?: string;
  tokenType?: "pat" | "jwt" | "oauth";
  /** OpenRouter attribution. */
  referer?: string;
  title?: string;
  /** Mock provider: delay before each chunk after the first, in ms. */
  delayMs?: number;
  /** Mock provider: characters per text or arguments piece. */
  chunkSize?: number;
}

/** A flat provider config, or the TOML layout as an object. */
export type Config =
  | (ProviderConfig & { retry?: RetryOptions; customProviders?: CustomProvider[] })
  | { provider: ProviderConfig; retry?: RetryOptions; customProviders?: CustomProvider[] };

export interface ClientOptions {
  /**
   * Where settings the config leaves unset (API key, region, ...) come from. Default:
   * `process.env` in Node, nothing elsewhere (pass a Worker's bindings explicitly).
   */
  env?: Env;
  /** Allow a real API key in a browser page (it is visible to everyone who loads the page). */
  dangerouslyAllowBrowser?: boolean;
  /** Time allowed to the first body byte, in ms (default 300000; 0 disables). */
  firstByteTimeoutMs?: number;
  /** Time allowed between two body reads, in ms (default 120000; 0 disables). */
  idleTimeoutMs?: number;
  /**
   * The `fetch` the client's requests go through (default: the global `fetch`): a proxy-aware
   * fetch, a test double replaying recorded bytes, a Worker service binding's `fetch`.
   */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
}

export type Env = { [name: string]: string | undefined };

export interface CreateOptions extends ClientOptions {
  /**
   * A configuration, used when the environment names no provider. `createWithNamedModel` also
   * takes one without a provider section, for its `retry` and `customProviders`.
   */
  config?: Config | { retry?: RetryOptions; customProviders?: CustomProvider[] };
}

export declare class Client {
  /**
   * `config`: the TOML layout as an object. (TOML text is for the gateway and the CLI: the npm
   * package leaves the TOML parser out to stay small.)
   */
  constructor(config: Config, options?: ClientOptions);
  /** The configured model. */
  readonly model: string;
  /** The aster provider name. */
  readonly provider: string;
  /** Streams a request. Failures error the stream with an `AsterError`. */
  stream(request: Request): ChunkStream;
  /** Runs a request to the end. */
  complete(request: Request): Promise<CompletionResponse>;
  /**
   * Counts a request's input tokens before sending it: the provider's own count where it has
   * a counting API (Anthropic `count_tokens`, Gemini `countTokens`), else the estimator's
   * (`estimated: true`). `totalCost` prices the input, or is null when the price is unknown.
   */
  countTokens(request: Request): Promise<TokenCount>;
  /**
   * Embeds text: one vector per input, in input order. Inputs beyond a provider's batch limit
   * are split and rejoined; retries, timeouts and errors are those of `complete`. A provider
   * without embeddings rejects with an `invalid_request` AsterError naming it.
   */
  embed(request: EmbedRequest): Promise<EmbedResponse>;
  /** Frees the wasm side now. */
  free(): void;
}

/** What `client.countTokens(request)` resolves with. */
export interface TokenCount {
  /** Every prompt token (uncached + cache read + cache write). */
  inputTokens: number;
  /** True when the count is the estimator's, not the provider's. */
  estimated: boolean;
  /** USD for the input, or null when the model's prices are unknown. */
  totalCost: number | null;
}

export interface EmbedRequest {
  /** The text, or the texts, to embed. */
  input: string | string[];
  /** Vector length, where the model can shorten its vectors (otherwise a warning). */
  dimensions?: number;
  /**
   * What the text is for: Gemini/Vertex `taskType` `RETRIEVAL_QUERY`/`RETRIEVAL_DOCUMENT`,
   * Cohere `input_type` `search_query`/`search_document`; a warning where a provider has none.
   */
  inputType?: "query" | "document";
  /** Another model of the configured provider. */
  model?: string;
  /** Cancels the request and any retry wait. */
  signal?: AbortSignal;
}

export interface EmbedResponse {
  /** One vector per input, in input order. */
  embeddings: number[][];
  usage: {
    /** Tokens of all inputs (the provider's count, else an estimate). */
    inputTokens: number;
    /** USD from the model catalog, or null when the model's price is unknown. */
    totalCost: number | null;
    /** True when some batch's tokens were estimated (the provider reported none). */
    estimated: boolean;
  };
  /** The model that answered. */
  model: string;
  /** Settings the provider could not honour. */
  warnings?: Warning[];
}

export declare function create(options?: CreateOptions): Promise<Client>;
export declare function createWithNamedModel(name: string, options?: CreateOptions): Promise<Client>;

export interface CustomProvider {
  name: string;
  baseUrl: string;
  apiKey?: string;
  apiKeyEnv?: string;
  models?: string[];
  api?: "chat" | "responses";
  headers?: { [name: string]: string };
}

/** Reloads the custom providers from a configuration's `customProviders`; returns their count. */
export declare function refreshCustomProviders(config?: { customProviders?: CustomProvider[] }): Promise<number>;

// ---------------------------------------------------------------------------------------------
// Decoding recorded bodies, catalog, cost
// ---------------------------------------------------------------------------------------------

export type WireFormat =
  | "anthropic"
  | "openai-chat"
  | "openai-responses"
  | "gemini"
  | "bedrock-converse"
  | "ollama"
  | "mistral"
  | "tgi";

export type Body = string | Uint8Array | ArrayBuffer | ArrayBufferView;

export interface DecodeOptions {
  /** Provider name for `metadata` chunks. */
  provider?: string;
  /** `true`: a stream; `false`: one JSON body; default: detected. */
  stream?: boolean;
}

export declare function decode(format: WireFormat, body: Body, options?: DecodeOptions): Chunk[];

export interface DecoderOptions {
  provider?: string;
  framing?: "sse" | "ndjson" | "event-stream" | "event-stream-sse";
}

export declare class Decoder {
  constructor(format: WireFormat, options?: DecoderOptions);
  feed(bytes: Body): Chunk[];
  finish(): Chunk[];
  free(): void;
}

/** Prices in USD per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
}

export interface ModelInfo {
  id: string;
  /** The provider whose catalog entry answered. */
  provider: string;
  contextWindow: number | null;
  maxOutputTokens: number | null;
  price: ModelPrice | null;
  capabilities: {
    vision: boolean;
    tools: boolean;
    reasoning: boolean;
    promptCaching: boolean;
    pdfInput: boolean;
    jsonSchema: boolean;
    /** An embedding model (`client.embed`), not a chat model. */
    embedding: boolean;
  };
}

export declare function getModel(name: string, provider?: string): ModelInfo | null;
export declare function estimateCost(model: string, usage: Partial<Usage>, provider?: string): number | null;

/** Every environment variable a provider reads (keys, base URLs, regions, projects, …), from
 * aster's provider table: for tools that forward an environment to aster. */
export declare function providerEnvVars(): string[];

/** The wasm linear memory size in bytes (diagnostics: it stays flat however long a stream). */
export declare function memoryBytes(): number;
