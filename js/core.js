// The public JS API of aster, shared by every entry (node.js, workerd.js, browser.js).
//
// The entries only differ in how they load the .wasm; this module wraps the wasm exports
// into the documented classes. It never calls into wasm while being evaluated, so an entry
// can initialize the module after importing it.
//
// Objects cross the boundary as text: one JSON.stringify per call, one batch string per
// network read (DESIGN §6: one wasm<->JS crossing per read, not per event).

import {
  WasmClient,
  WasmDecoder,
  decodeBody,
  createClient,
  createClientForModel,
  refreshCustomProviders as wasmRefreshCustomProviders,
  modelInfo,
  estimateCostJson,
  wasmMemoryBytes,
  providerEnvVars as wasmProviderEnvVars,
} from "./aster.js";

// Lets `create()` wrap a WasmClient made on the wasm side without exposing a public way to.
const WRAP = Symbol("aster.wrap");

/**
 * Every aster failure is an Error named "AsterError" with `code`, `status`, `provider`,
 * `retryable`, `retryAfterMs`, `requestId` (DESIGN §3.3), and `headers`: the error response's
 * retry, rate-limit and request-id headers. The wasm side creates plain
 * `Error`s (one crossing); `instanceof AsterError` recognizes them by name.
 */
export class AsterError extends Error {
  constructor(message, fields = {}) {
    super(message);
    this.name = "AsterError";
    this.code = fields.code ?? "internal";
    this.status = fields.status ?? null;
    this.provider = fields.provider ?? null;
    this.retryable = fields.retryable ?? false;
    this.retryAfterMs = fields.retryAfterMs ?? null;
    this.requestId = fields.requestId ?? null;
    this.providerCode = fields.providerCode ?? null;
    this.headers = fields.headers ?? null;
  }

  static [Symbol.hasInstance](value) {
    return value instanceof Error && value.name === "AsterError";
  }
}

function configError(message) {
  return new AsterError(message, { code: "config" });
}

function toJson(value, what) {
  if (value === undefined || value === null) return "";
  if (typeof value !== "object") throw configError(`${what} must be an object`);
  return JSON.stringify(value);
}

// Splits the AbortSignal off a request (it cannot cross as JSON).
function splitRequest(request) {
  if (request === null || typeof request !== "object") {
    throw new AsterError("request must be an object", { code: "invalid_request" });
  }
  const signal = request.signal;
  // Most requests have no signal: then the request is the JSON as it is, without the copy
  // (an own-property rest copy costs more than the stringify of a short request).
  if (signal === undefined && !Object.hasOwn(request, "signal")) return [JSON.stringify(request), undefined];
  if (signal !== undefined && signal !== null && typeof signal.aborted !== "boolean") {
    throw new AsterError("request.signal must be an AbortSignal", { code: "invalid_request" });
  }
  const { signal: _signal, ...rest } = request;
  return [JSON.stringify(rest), signal ?? undefined];
}

// The chunks of one read from their batch string (src/wasm/batch.rs): records
// `<tag><length>:<payload>`, the length in UTF-16 units; `t` a text chunk, `r` a reasoning
// chunk without signature or redacted data, `s` one with a signature (a second
// `<length>:<payload>` after the reasoning), `j` any chunk as JSON. The objects are the ones
// JSON.parse of the chunks' JSON gives (same keys, same order), built ~10x cheaper than
// JSON.parse of a JSON array of them (bench/handoff.mjs).
function decodeBatch(s) {
  const out = [];
  let i = 0;
  // The payload `<length>:<text>` at `i`; `i` moves past it.
  const payload = () => {
    let n = 0;
    let j = i;
    for (let c = s.charCodeAt(j); c !== 58 && j < s.length; c = s.charCodeAt(++j)) n = n * 10 + (c - 48);
    i = j + 1 + n;
    return s.slice(j + 1, i);
  };
  while (i < s.length) {
    const tag = s.charCodeAt(i++);
    const p = payload();
    if (tag === 116) out.push({ type: "text", text: p });
    else if (tag === 114) out.push({ type: "reasoning", reasoning: p });
    else if (tag === 115) out.push({ type: "reasoning", reasoning: p, signature: payload() });
    else out.push(JSON.parse(p));
  }
  return out;
}

// The ReadableStream of a call. Each batch is one network read (plus any retries), whose
// chunks arrive as one batch string (src/wasm/batch.rs, read by `decodeBatch`). The first
// batch is requested at once, so the request starts when `stream()` returns, whether or not
// anyone reads. The request is built in wasm and sent from here (`h.start()` calls io.js's
// `fetchStart` and returns its promise; `h.accept` takes the response); a streamed 2xx body is
// then read from here (`h.detach()`, io.js's `Body`: idle timeout and error kinds kept), each
// read handed to one synchronous wasm call (`feed`; `end`, `fail`) that returns the batch
// string: no Rust future, closure or promise per read. Everything else goes through
// `h.next()`, a Rust future: error statuses and their classification, the retries (a failed
// read before any output makes `h.reading` false: the body is dropped and `h.next()` waits and
// sends again), a credential exchange first, a mock stream, a buffered JSON body.
//
// `for await` does not go through the ReadableStream's per-chunk machinery (a queued promise
// and a read request per chunk, the bulk of the JS cost of a stream): the stream's own async
// iterator locks the stream like the native one and then hands out the batch's objects
// directly. Readers (`getReader()`, `pipeTo`, ...) get the same chunks through `pull`.
function chunkStream(handle) {
  let h = handle;
  let controller;
  const warnings = [];
  let warned = false;
  const release = () => {
    if (h) {
      h.free();
      h = null;
    }
  };
  // The upstream body JS reads (detached from the handle), else undefined.
  let body;
  let started = false;
  // The first batch string: the request sent from here (`h.start()` returns fetchStart's
  // promise) and its streamed body read from here, no Rust future around either; or, when
  // the call cannot start that way or the response is not a stream to read (an error status,
  // a retry, a JSON body), from `h.next()`.
  async function firstText() {
    started = true;
    const sent = h.start();
    if (sent !== undefined) {
      let response;
      let failure;
      try {
        response = await sent;
      } catch (err) {
        failure = err;
      }
      if (!h) {
        // Cancelled while the request was in flight.
        if (response !== undefined) response.cancel();
        return undefined;
      }
      if (h.accept(response, failure)) {
        body = h.detach();
        return fedText();
      }
    }
    return h.next();
  }
  // The next batch string from the detached body, or undefined at the end.
  async function fedText() {
    for (;;) {
      let text;
      if (h.over) {
        // Nothing more to read: what the stream still holds (an error after the last batch).
        text = h.end();
      } else {
        let piece;
        try {
          piece = await body.read();
        } catch (err) {
          if (!h) return undefined; // cancelled while reading: the handle is gone
          text = h.fail(err);
          if (text !== undefined) return text;
          continue;
        }
        if (!h) return undefined;
        text = piece === undefined ? h.end() : h.feed(piece);
      }
      if (text !== undefined || h.over) return text;
      if (!h.reading) {
        // A failed read before any output, to be retried: the Rust side waits and sends again.
        body = undefined;
        return h.next();
      }
    }
  }
  // The next batch (an array), or null at the end; a failure rejects and frees the handle.
  async function nextBatch() {
    if (!h) return null;
    let text;
    try {
      text = !started ? await firstText() : body === undefined ? await h.next() : await fedText();
    } catch (err) {
      release();
      throw err;
    }
    if (!warned && h) {
      warned = true;
      // Parsed only when there are any: most calls have none ("[]").
      const w = h.warnings();
      if (w !== "[]") warnings.push(...JSON.parse(w));
      if (text !== undefined && body === undefined) body = h.detach();
    }
    if (text === undefined) {
      release();
      return null;
    }
    return decodeBatch(text);
  }
  let first = nextBatch();
  // Whoever reads first gets its result (or error); unread, it must not be an unhandled rejection.
  first.catch(() => {});
  const take = () => {
    const p = first;
    first = null;
    return p ?? nextBatch();
  };
  const stream = new ReadableStream(
    {
      start(c) {
        controller = c;
      },
      async pull(c) {
        const batch = await take();
        if (batch === null) {
          c.close();
          return;
        }
        for (let i = 0; i < batch.length; i++) c.enqueue(batch[i]);
      },
      cancel() {
        if (h) h.cancel();
        release();
      },
    },
    // No pull ahead of a read: a batch is read from the network when someone asks for it.
    { highWaterMark: 0 },
  );
  const values = ({ preventCancel = false } = {}) => {
    // Locks the stream (and throws if it is locked), as the native iterator does.
    const reader = stream.getReader();
    let batch = null;
    let i = 0;
    let finished = false;
    // The batch being read: a `next()` called before the previous one settled waits for it.
    let busy = null;
    const end = () => {
      finished = true;
      batch = null;
      reader.releaseLock();
    };
    return {
      async next() {
        for (;;) {
          if (batch !== null && i < batch.length) return { value: batch[i++], done: false };
          if (finished) return { value: undefined, done: true };
          if (busy !== null) {
            await busy.catch(() => {});
            continue;
          }
          let b;
          try {
            busy = take();
            b = await busy;
          } catch (err) {
            end();
            controller.error(err);
            throw err;
          } finally {
            busy = null;
          }
          if (b === null) {
            end();
            controller.close();
            return { value: undefined, done: true };
          }
          batch = b;
          i = 0;
        }
      },
      // Leaving the loop early (break, throw) cancels the call unless `preventCancel`.
      async return(value) {
        if (!finished) {
          finished = true;
          batch = null;
          if (!preventCancel) await reader.cancel();
          reader.releaseLock();
        }
        return { value, done: true };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  };
  Object.defineProperty(stream, Symbol.asyncIterator, { value: values, configurable: true });
  Object.defineProperty(stream, "values", { value: values, configurable: true });
  stream.warnings = warnings;
  return stream;
}

// A stream that fails with `err` (a request rejected before it started): the same stream as
// any call's, over a handle whose one read is that failure.
function failedStream(err) {
  return chunkStream({
    start() {},
    next: () => Promise.reject(err),
    warnings: () => "[]",
    detach() {},
    cancel() {},
    free() {},
  });
}

function configJson(config) {
  if (typeof config === "string") return JSON.stringify({ toml: config });
  return toJson(config, "config");
}

function defaultEnv() {
  const p = globalThis.process;
  return p && p.env && typeof p.env === "object" ? p.env : {};
}

// Only string values cross: a Worker's `env` also holds bindings (KV, services, ...), which are
// neither needed nor serializable.
function envJson(env) {
  if (env !== undefined && (env === null || typeof env !== "object")) throw configError("env must be an object");
  const strings = {};
  for (const [k, v] of Object.entries(env ?? defaultEnv())) if (typeof v === "string") strings[k] = v;
  return JSON.stringify(strings);
}

// Client options without the keys of `create()` itself (and `fetch`, a function).
function optionsJson({ env: _env, config: _config, fetch: _fetch, ...options } = {}) {
  return toJson(options, "options");
}

// Hands the `fetch` option (a function cannot cross as JSON) to the wasm client.
function withFetch(inner, options) {
  const f = options && options.fetch;
  if (f === undefined || f === null) return inner;
  if (typeof f !== "function") throw configError("options.fetch must be a function");
  inner.setFetch(f);
  return inner;
}

/** A configured provider client. */
export class Client {
  #inner;

  /**
   * @param config `{type, apiKey, model, baseUrl, ...}`, the sectioned layout
   *   (`{provider: {...}, retry: {...}, customProviders: [...]}`). TOML text is for the
   *   gateway and the CLI: the npm package has no TOML parser (a string is a `config` error).
   * @param options `{dangerouslyAllowBrowser, firstByteTimeoutMs, idleTimeoutMs, env}`;
   *   settings the config leaves unset (the API key, ...) come from `env` (default: `process.env`
   *   in Node, nothing elsewhere).
   */
  constructor(config, options) {
    if (config === WRAP) {
      this.#inner = options;
      return;
    }
    const cfg = configJson(config);
    if (!cfg) throw configError("config is required");
    this.#inner = withFetch(new WasmClient(cfg, optionsJson(options), envJson(options && options.env)), options);
  }

  /** The configured model. */
  get model() {
    return this.#inner.model;
  }

  /** The aster provider name (`openai`, `anthropic`, `mock`, ...). */
  get provider() {
    return this.#inner.provider;
  }

  /**
   * Streams a request: a ReadableStream of chunk objects (async-iterable). The request starts
   * at once; a failure errors the stream with an AsterError, so `for await` throws it.
   * Cancelling the stream (or `request.signal`) aborts the request.
   */
  stream(request) {
    let json;
    let signal;
    try {
      [json, signal] = splitRequest(request);
    } catch (err) {
      return failedStream(err);
    }
    return chunkStream(this.#inner.stream(json, signal));
  }

  /** Runs a request to the end: `{id, model, content, text, stopReason, usage}`. */
  async complete(request) {
    const [json, signal] = splitRequest(request);
    return JSON.parse(await this.#inner.complete(json, signal));
  }

  /**
   * Counts a request's input tokens before sending it: `{inputTokens, estimated, totalCost}`,
   * from the provider's counting API where it has one, else from the estimator.
   */
  async countTokens(request) {
    const [json, signal] = splitRequest(request);
    return JSON.parse(await this.#inner.countTokens(json, signal));
  }

  /**
   * Embeds text: `{input: string | string[], dimensions?, inputType?: "query" | "document",
   * model?, signal?}` → `{embeddings: number[][], usage: {inputTokens, totalCost, estimated},
   * model, warnings?}`, one vector per input in input order. Large inputs are split into the
   * batches the provider accepts; retries, timeouts and errors are those of `complete`.
   */
  async embed(request) {
    const [json, signal] = splitRequest(request);
    return JSON.parse(await this.#inner.embed(json, signal));
  }

  /** Frees the wasm side now instead of waiting for garbage collection. */
  free() {
    this.#inner.free();
  }
}

/**
 * Detects a provider (DESIGN §3.6): the environment (`env`, default `process.env` in Node; pass
 * a Worker's bindings explicitly), then `config`, then a local Ollama.
 */
export async function create(options = {}) {
  const inner = await createClient(envJson(options.env), configJson(options.config), optionsJson(options));
  return new Client(WRAP, withFetch(inner, options));
}

/**
 * A client for a model name: `provider/model` (`anthropic/claude-sonnet-4-5`), a model a custom
 * provider lists, or a name whose provider is recognized (`gpt-4o`, `claude-…`, `gemini-…`).
 * Credentials come from `env`.
 */
export async function createWithNamedModel(name, options = {}) {
  if (typeof name !== "string" || name === "") throw configError("model name must be a non-empty string");
  const inner = createClientForModel(name, envJson(options.env), configJson(options.config), optionsJson(options));
  return new Client(WRAP, withFetch(inner, options));
}

/**
 * Reloads the custom (OpenAI-compatible) providers `createWithNamedModel` routes to from a
 * configuration's `customProviders` (an object). Returns how many there are now.
 */
export async function refreshCustomProviders(config = {}) {
  return wasmRefreshCustomProviders(configJson(config) || "{}");
}

function bytesOf(body) {
  if (typeof body === "string") return new TextEncoder().encode(body);
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  throw new AsterError("body must be a string, Uint8Array or ArrayBuffer", { code: "invalid_request" });
}

function withChunks(err) {
  if (err && typeof err.chunksJson === "string") {
    err.chunks = JSON.parse(err.chunksJson);
    delete err.chunksJson;
  }
  return err;
}

/**
 * Decodes a recorded response body of wire `format` into chunks. A stream that ends in an
 * error throws it, with the chunks produced before it as `err.chunks`.
 * `options.stream`: force stream (`true`) or whole-JSON (`false`) decoding; default: detect.
 */
export function decode(format, body, options = {}) {
  try {
    return JSON.parse(decodeBody(format, bytesOf(body), options.provider ?? "", options.stream));
  } catch (err) {
    throw withChunks(err);
  }
}

/** An incremental decoder for bodies you read yourself: `feed(bytes)` → chunks, `finish()`. */
export class Decoder {
  #inner;

  constructor(format, options = {}) {
    this.#inner = new WasmDecoder(format, options.provider ?? "", options.framing ?? "");
  }

  feed(bytes) {
    try {
      return JSON.parse(this.#inner.feed(bytesOf(bytes)));
    } catch (err) {
      throw withChunks(err);
    }
  }

  finish() {
    try {
      return JSON.parse(this.#inner.finish());
    } catch (err) {
      throw withChunks(err);
    }
  }

  free() {
    this.#inner.free();
  }
}

/**
 * Catalog entry of a model (context window, max output, prices, capabilities), or null.
 * `provider` (an aster provider name) is optional: a `provider/` prefix or the name decide.
 */
export function getModel(name, provider = "") {
  const json = modelInfo(String(name), String(provider));
  return json === undefined ? null : JSON.parse(json);
}

/** Cost in USD of `usage` (chunk fields) on `model`, or null when its prices are unknown. */
export function estimateCost(model, usage, provider = "") {
  const v = estimateCostJson(String(model), JSON.stringify(usage ?? {}), String(provider));
  return v === undefined ? null : v;
}

/** Every environment variable a provider reads (keys, base URLs, regions, projects, …), from
 * the provider table: for tools that forward an environment to aster. */
export function providerEnvVars() {
  return wasmProviderEnvVars().split("\n");
}

/** The wasm linear memory size in bytes (diagnostics: it stays flat however long a stream). */
export function memoryBytes() {
  return wasmMemoryBytes();
}
