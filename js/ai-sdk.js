// `aster/ai-sdk`: aster's models as Vercel AI SDK models (the language-model specification
// v4 of `@ai-sdk/provider` 4.x, which `ai` 7 calls), so `streamText`, `generateText`,
// `useChat` route handlers and tool loops run on aster's providers.
//
// Built on the package's public API only (`createWithNamedModel`, the chunk stream,
// `complete()`, AsterError): `#aster` is the same runtime entry `import "aster"` resolves to
// (package.json `imports`), so an app that imports both loads the .wasm once.
// `@ai-sdk/provider` is a peer dependency: the app's own copy (the one `ai` uses) is the one
// bundled, and its errors are what `ai` recognizes (`APICallError.isInstance`).

import { createWithNamedModel, AsterError } from "#aster";
import { APICallError, NoSuchModelError } from "@ai-sdk/provider";
import { toAsterRequest, headerWarnings } from "./ai-sdk-request.js";

const FINISH = {
  stop: "stop",
  length: "length",
  tool_calls: "tool-calls",
  content_filter: "content-filter",
  error: "error",
  other: "other",
};

const finishReason = (reason, raw) => ({ unified: FINISH[reason] ?? "other", raw: raw ?? undefined });

/**
 * aster's usage (one definition for every provider: input counts uncached + cache read + cache
 * write, output counts reasoning) in the spec's shape. No usage at all: every count unknown.
 */
function toUsage(u) {
  if (!u) {
    return {
      inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: undefined, text: undefined, reasoning: undefined },
    };
  }
  const { type: _type, ...raw } = u;
  const cacheRead = u.cacheReadTokens ?? 0;
  const cacheWrite = u.cacheWriteTokens ?? 0;
  const reasoning = u.reasoningTokens ?? 0;
  return {
    inputTokens: { total: u.inputTokens, noCache: Math.max(0, u.inputTokens - cacheRead - cacheWrite), cacheRead, cacheWrite },
    outputTokens: { total: u.outputTokens, text: Math.max(0, u.outputTokens - reasoning), reasoning },
    raw,
  };
}

// `providerMetadata.aster` of a finished call: the cost (USD, null when the model's prices are
// unknown), whether the counts are an estimate, and which provider served it.
const metadataOf = (u, provider) => ({
  aster: { provider: provider ?? null, totalCost: u ? (u.totalCost ?? null) : null, estimated: u ? Boolean(u.estimated) : true },
});

const toWarning = (w) => ({ type: "unsupported", feature: w.setting, details: w.message });

// What `abortSignal` aborted with, as `fetch` would report it: an `AbortError` the AI SDK
// recognizes as the caller's abort, not as a failure.
function abortError(signal) {
  const r = signal.reason;
  if (r instanceof Error || (typeof DOMException === "function" && r instanceof DOMException)) {
    if (r.name === "AbortError" || r.name === "TimeoutError") return r;
  }
  return new DOMException("This operation was aborted", "AbortError");
}

/**
 * An aster failure as the spec's `APICallError`: `statusCode`, `isRetryable` (aster's
 * classification), `responseHeaders` (the error response's headers aster keeps: retry hints,
 * rate-limit state, request ids; plus the wait aster settled on, as `retry-after-ms`, when no
 * retry header says it: a reset header, Gemini's RetryInfo), the AsterError as `cause` and its
 * fields as `data`. An abort is an `AbortError`.
 */
function toCallError(err, model, request, signal) {
  if (signal && signal.aborted && (!(err instanceof AsterError) || err.code === "aborted")) return abortError(signal);
  if (!(err instanceof AsterError)) return err;
  const headers = { ...err.headers };
  if (err.retryAfterMs != null && headers["retry-after-ms"] === undefined && headers["retry-after"] === undefined) {
    headers["retry-after-ms"] = String(err.retryAfterMs);
  }
  // The call's settings, without the prompt or the texts (they can be large, and private).
  const { messages: _messages, input: _input, ...options } = request ?? {};
  return new APICallError({
    message: err.message,
    // aster does not expose the endpoint (a configured base URL is the operator's): a name.
    url: `aster:${model.modelId}`,
    requestBodyValues: options,
    statusCode: err.status ?? undefined,
    responseHeaders: headers,
    isRetryable: err.retryable === true,
    cause: err,
    data: { code: err.code, provider: err.provider, requestId: err.requestId, retryAfterMs: err.retryAfterMs, providerCode: err.providerCode },
  });
}

// Folds aster chunks into stream parts. Text and reasoning become blocks (start, deltas, end)
// that end when something else arrives; a tool call is input-start, deltas, input-end, then
// the call; usage is held for the one `finish`.
function partMapper(includeRaw, provider) {
  let open = null; // {kind: "text" | "reasoning", id, providerMetadata}
  let n = 0;
  let usage = null;
  let finished = false;
  const close = (out) => {
    if (!open) return;
    out.push({ type: `${open.kind}-end`, id: open.id, ...(open.providerMetadata ? { providerMetadata: open.providerMetadata } : {}) });
    open = null;
  };
  const block = (kind, out) => {
    if (open && open.kind === kind) return open;
    close(out);
    open = { kind, id: String(n++), providerMetadata: null };
    out.push({ type: `${kind}-start`, id: open.id });
    return open;
  };
  const finish = (out, reason, raw) => {
    close(out);
    finished = true;
    out.push({ type: "finish", usage: toUsage(usage), finishReason: finishReason(reason, raw), providerMetadata: metadataOf(usage, provider) });
  };
  return {
    get finished() {
      return finished;
    },
    finish,
    map(c, out) {
      if (includeRaw) out.push({ type: "raw", rawValue: c });
      switch (c.type) {
        case "metadata":
          out.push({ type: "response-metadata", ...(c.id ? { id: c.id } : {}), ...(c.model ? { modelId: c.model } : {}) });
          break;
        case "text":
          if (c.text) out.push({ type: "text-delta", id: block("text", out).id, delta: c.text });
          break;
        case "reasoning":
          if (c.redacted) {
            close(out);
            block("reasoning", out).providerMetadata = { aster: { redactedData: c.redacted } };
            close(out);
          } else {
            const b = block("reasoning", out);
            if (c.reasoning) out.push({ type: "reasoning-delta", id: b.id, delta: c.reasoning });
            if (c.signature) b.providerMetadata = { aster: { signature: c.signature } };
          }
          break;
        case "tool_call_start":
          close(out);
          out.push({ type: "tool-input-start", id: c.id, toolName: c.name });
          break;
        case "tool_call_delta":
          out.push({ type: "tool-input-delta", id: c.id, delta: c.argumentsDelta });
          break;
        case "tool_call":
          out.push({ type: "tool-input-end", id: c.id });
          out.push({ type: "tool-call", toolCallId: c.id, toolName: c.name, input: c.arguments || "{}" });
          break;
        case "provider_tool":
          close(out);
          out.push({ type: "tool-call", toolCallId: c.id, toolName: c.name, input: JSON.stringify(c.input ?? {}), providerExecuted: true, dynamic: true });
          if (c.result !== undefined && c.result !== null) {
            out.push({ type: "tool-result", toolCallId: c.id, toolName: c.name, result: c.result, dynamic: true });
          }
          break;
        case "usage":
          usage = c;
          break;
        case "finish":
          finish(out, c.reason, c.rawReason);
          break;
        default:
          break;
      }
    },
  };
}

// `complete()`'s content blocks → the spec's content.
function toContent(block) {
  switch (block.type) {
    case "text":
      return { type: "text", text: block.text };
    case "thinking":
      return { type: "reasoning", text: block.thinking, ...(block.signature ? { providerMetadata: { aster: { signature: block.signature } } } : {}) };
    case "redacted_thinking":
      return { type: "reasoning", text: "", providerMetadata: { aster: { redactedData: block.data } } };
    case "tool_use":
      return { type: "tool-call", toolCallId: block.id, toolName: block.name, input: JSON.stringify(block.input ?? {}) };
    default:
      return null;
  }
}

// The language and embedding models' common part (`provider`: `aster.<provider>` for
// `provider/model` names, for the AI SDK's logs).
class AsterModel {
  specificationVersion = "v4";
  #options;
  #settings;
  #client = null;

  constructor(modelId, settings, options) {
    const slash = modelId.indexOf("/");
    this.modelId = modelId;
    this.provider = slash > 0 ? `aster.${modelId.slice(0, slash)}` : "aster";
    this.#settings = settings;
    this.#options = options;
  }

  get settings() {
    return this.#settings;
  }

  // The client, made on first use (a failed creation is not kept). An aborted signal fails the
  // call at once, as `fetch` does; a failure to make the client is the call's error.
  async clientFor(signal, request) {
    if (signal && signal.aborted) throw abortError(signal);
    if (!this.#client) {
      this.#client = createWithNamedModel(this.modelId, this.#options);
      this.#client.catch(() => (this.#client = null));
    }
    try {
      return await this.#client;
    } catch (err) {
      throw toCallError(err, this, request, null);
    }
  }

  // `client[method]`; its failure is the call's error.
  async invoke(client, method, request, signal) {
    try {
      return await client[method]({ ...request, signal });
    } catch (err) {
      throw toCallError(err, this, request, signal);
    }
  }
}

class AsterLanguageModel extends AsterModel {
  // Nothing is fetched by aster on the AI SDK's behalf: the SDK downloads URLs and passes the
  // bytes, which every provider accepts (not all of them fetch URLs themselves).
  supportedUrls = {};

  async #prepare(options) {
    const warnings = [];
    const request = toAsterRequest(options, this.settings, warnings);
    const client = await this.clientFor(options.abortSignal, request);
    return { client, request, warnings };
  }

  async doGenerate(options) {
    const { client, request, warnings } = await this.#prepare(options);
    const res = await this.invoke(client, "complete", request, options.abortSignal);
    return {
      content: res.content.map(toContent).filter(Boolean),
      finishReason: finishReason(res.stopReason, res.rawStopReason),
      usage: toUsage(res.usage),
      providerMetadata: metadataOf(res.usage, res.provider),
      request: { body: request },
      response: { ...(res.id ? { id: res.id } : {}), ...(res.model ? { modelId: res.model } : {}) },
      warnings: [...warnings, ...(res.warnings ?? []).map(toWarning)],
    };
  }

  /**
   * Resolves once the first chunks arrived (the request was accepted and any retries of aster's
   * are behind), so a failure before any output rejects here, where the AI SDK expects it.
   */
  async doStream(options) {
    const { client, request, warnings } = await this.#prepare(options);
    const signal = options.abortSignal;
    const chunks = client.stream({ ...request, signal });
    const it = chunks[Symbol.asyncIterator]();
    let next;
    try {
      next = await it.next();
    } catch (err) {
      throw toCallError(err, this, request, signal);
    }
    const mapper = partMapper(options.includeRawChunks === true, client.provider);
    const model = this;
    const stream = new ReadableStream({
      start(c) {
        c.enqueue({ type: "stream-start", warnings: [...warnings, ...chunks.warnings.map(toWarning)] });
      },
      async pull(c) {
        // One aster chunk may make no part (usage): read on until something is enqueued.
        for (;;) {
          const out = [];
          try {
            if (next === null) next = await it.next();
          } catch (err) {
            const e = toCallError(err, model, request, signal);
            if (e.name === "AbortError") c.error(e);
            else {
              c.enqueue({ type: "error", error: e });
              c.close();
            }
            return;
          }
          const { done, value } = next;
          next = null;
          if (done) {
            // A stream aster ended without `finish` (it always sends one): still one finish.
            if (!mapper.finished) mapper.finish(out, "other", undefined);
            for (const p of out) c.enqueue(p);
            c.close();
            return;
          }
          mapper.map(value, out);
          if (out.length > 0) {
            for (const p of out) c.enqueue(p);
            return;
          }
        }
      },
      async cancel() {
        await it.return();
      },
    });
    return { stream, request: { body: request } };
  }
}

/**
 * An embedding model (specification v4) over `client.embed`: one call embeds every value (aster
 * splits them into the batches the provider accepts, in order), with aster's usage and cost.
 */
class AsterEmbeddingModel extends AsterModel {
  // aster batches itself: the AI SDK can hand over any number of values at once.
  maxEmbeddingsPerCall = Infinity;
  supportsParallelCalls = true;

  async doEmbed(options) {
    const warnings = [];
    headerWarnings(options.headers, warnings);
    const request = { ...this.settings, input: options.values };
    if (options.dimensions !== undefined) request.dimensions = options.dimensions;
    Object.assign(request, options.providerOptions?.aster);
    const signal = options.abortSignal;
    const client = await this.clientFor(signal, request);
    const res = await this.invoke(client, "embed", request, signal);
    return {
      embeddings: res.embeddings,
      usage: { tokens: res.usage.inputTokens },
      providerMetadata: metadataOf(res.usage, client.provider),
      warnings: [...warnings, ...(res.warnings ?? []).map(toWarning)],
    };
  }
}

/**
 * An AI SDK provider over aster: `aster(modelId, settings?)` is a language model, resolved as
 * `createWithNamedModel(modelId, options)` does (`provider/model`, a recognized name, a custom
 * provider's model). `options` are ClientOptions plus `config`; `settings` are request
 * defaults merged under every call's options.
 */
export function createAster(options = {}) {
  const languageModel = (modelId, settings = {}) => new AsterLanguageModel(modelId, settings, options);
  const provider = (modelId, settings) => languageModel(modelId, settings);
  provider.specificationVersion = "v4";
  provider.languageModel = languageModel;
  provider.embeddingModel = (modelId, settings = {}) => new AsterEmbeddingModel(modelId, settings, options);
  provider.imageModel = (modelId) => {
    throw new NoSuchModelError({ modelId, modelType: "imageModel" });
  };
  return provider;
}

/** The default provider: credentials from the environment (`process.env` in Node). */
export const aster = createAster();
