// IO helpers for the wasm transport: the global `fetch`, timers and AbortSignal plumbing.
//
// These few functions are written in JS because racing a read against a timer and wiring
// AbortSignals is a handful of lines here and a lot of closures in Rust. They run unchanged
// in browsers, web workers, Cloudflare Workers and Node >= 20: they only use `fetch`,
// `AbortController`, `setTimeout` and ReadableStream readers.
//
// Failures are thrown as plain `{ kind, message }` objects (`kind`: "network", "timeout" or
// "aborted"); the Rust side turns them into ProviderErrors. Messages never include request
// headers or bodies; the URL is never included either (it may carry a key as a query param).

function ioError(kind, message) {
  return { kind, message };
}

function describe(err) {
  // undici: TypeError("fetch failed", { cause: Error("other side closed", { code }) }).
  const cause = err && err.cause;
  const code = cause && (cause.code || cause.name);
  const detail = cause && cause.message ? cause.message : "";
  const base = err && err.message ? String(err.message) : String(err);
  return [base, code, detail].filter(Boolean).join(": ");
}

// A body being read, with the first-byte / idle timers and the attempt's AbortController.
class Body {
  constructor(response, controller, signal, firstByteMs, idleMs, timer, state) {
    this.status = response.status;
    // One string for wasm, `name\nvalue\n…` (no name or value holds a line break): one
    // crossing instead of two per header.
    const list = [];
    response.headers.forEach((value, name) => list.push(name, value));
    this.headerList = list.join("\n");
    this.reader = response.body ? response.body.getReader() : null;
    this.controller = controller;
    this.signal = signal;
    this.idleMs = idleMs;
    this.firstByteMs = firstByteMs;
    this.timer = timer;
    this.state = state;
    this.gotFirst = false;
    this.ended = false;
  }

  headers() {
    return this.headerList;
  }

  // The next piece of the body (a Uint8Array), or undefined at the end.
  async read() {
    if (!this.reader || this.ended) return undefined;
    if (this.gotFirst && this.idleMs > 0) {
      this.state.phase = "idle";
      this.timer = setTimeout(() => this.state.fire(), this.idleMs);
    }
    try {
      for (;;) {
        const { done, value } = await this.reader.read();
        if (done) {
          this.ended = true;
          return undefined;
        }
        if (value && value.byteLength > 0) {
          this.gotFirst = true;
          return value;
        }
      }
    } catch (err) {
      this.ended = true;
      throw this.state.error(err, this.signal);
    } finally {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  // Stops reading and aborts the request (used when the body is dropped early).
  cancel() {
    clearTimeout(this.timer);
    if (this.ended) return;
    this.ended = true;
    this.state.cancelled = true;
    try {
      this.controller.abort();
    } catch (_) {
      // Nothing to do: the request is gone either way.
    }
    if (this.reader) this.reader.cancel().catch(() => {});
  }
}

// Per-attempt timeout bookkeeping: which timer fired decides the error kind.
function attemptState(controller, firstByteMs, idleMs) {
  const state = {
    phase: "first",
    timedOut: false,
    cancelled: false,
    fire() {
      state.timedOut = true;
      controller.abort();
    },
    error(err, signal) {
      if (state.timedOut) {
        return state.phase === "first"
          ? ioError("timeout", `no response within ${firstByteMs} ms (first-byte timeout)`)
          : ioError("timeout", `no data for ${idleMs} ms (idle timeout)`);
      }
      if ((signal && signal.aborted) || state.cancelled) {
        return ioError("aborted", "the request was aborted");
      }
      return ioError("network", describe(err));
    },
  };
  return state;
}

// Sends a request. `headers` is one string, `name\nvalue\n…` (empty: none). `fetchFn` is the
// client's `fetch` option (a WHATWG-compatible fetch), or undefined for the global one.
export async function fetchStart(url, method, headers, body, signal, firstByteMs, idleMs, fetchFn) {
  if (signal && signal.aborted) throw ioError("aborted", "the request was aborted");
  const controller = new AbortController();
  const state = attemptState(controller, firstByteMs, idleMs);
  const onAbort = () => controller.abort();
  if (signal) signal.addEventListener("abort", onAbort, { once: true });
  const timer = firstByteMs > 0 ? setTimeout(() => state.fire(), firstByteMs) : undefined;
  const h = new Headers();
  if (headers !== "") {
    const list = headers.split("\n");
    for (let i = 0; i + 1 < list.length; i += 2) h.append(list[i], list[i + 1]);
  }
  let response;
  try {
    const doFetch = typeof fetchFn === "function" ? fetchFn : fetch;
    response = await doFetch(url, {
      method,
      headers: h,
      body: method === "GET" ? undefined : body,
      signal: controller.signal,
    });
  } catch (err) {
    clearTimeout(timer);
    if (signal) signal.removeEventListener("abort", onAbort);
    throw state.error(err, signal);
  }
  return new Body(response, controller, signal, firstByteMs, idleMs, timer, state);
}

// Waits `ms` milliseconds; an abort ends the wait with an "aborted" error.
export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal && signal.aborted) {
      reject(ioError("aborted", "the request was aborted"));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(ioError("aborted", "the request was aborted"));
    };
    const timer = setTimeout(() => {
      if (signal) signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    if (signal) signal.addEventListener("abort", onAbort, { once: true });
  });
}

// The abort switch of one call: aborting it stops the attempt in flight and any retry wait.
// It quacks like an AbortSignal where fetchStart and sleep use one (`aborted`,
// `addEventListener("abort")`, `removeEventListener`) and is much cheaper to make: Node
// builds an AbortSignal in tens of microseconds, once per call. Each attempt still gets a
// real AbortController (fetchStart), which is what `fetch` needs.
class CallGate {
  constructor() {
    this.aborted = false;
    this.listeners = [];
  }

  addEventListener(_type, fn) {
    if (this.aborted) return;
    this.listeners.push(fn);
  }

  removeEventListener(_type, fn) {
    const i = this.listeners.indexOf(fn);
    if (i >= 0) this.listeners.splice(i, 1);
  }

  abort() {
    if (this.aborted) return;
    this.aborted = true;
    const listeners = this.listeners;
    this.listeners = [];
    for (const fn of listeners) fn();
  }
}

// A call's gate, linked to the caller's AbortSignal (if any).
export function callGate(signal) {
  const gate = new CallGate();
  if (signal) {
    if (signal.aborted) gate.abort();
    else signal.addEventListener("abort", () => gate.abort(), { once: true });
  }
  return gate;
}

// True in a page (a window and a document, not a worker): where an API key would be exposed
// to whoever loads the page.
export function isBrowserPage() {
  return (
    typeof window !== "undefined" &&
    typeof document !== "undefined" &&
    typeof WorkerGlobalScope === "undefined"
  );
}

// An Error carrying the fields of DESIGN §3.3, built in one call.
export function makeError(message, code, status, provider, retryable, retryAfterMs, requestId, providerCode) {
  const e = new Error(message);
  e.name = "AsterError";
  e.code = code;
  e.status = status;
  e.provider = provider;
  e.retryable = retryable;
  e.retryAfterMs = retryAfterMs;
  e.requestId = requestId;
  e.providerCode = providerCode;
  return e;
}

// RS256 (RSASSA-PKCS1-v1_5 with SHA-256) with WebCrypto, for Vertex service-account JWTs.
// `pem` is a PKCS#8 "PRIVATE KEY" as found in Google key files. Errors never include the key.
export async function signRs256(pem, message) {
  const subtle = globalThis.crypto && globalThis.crypto.subtle;
  if (!subtle) throw ioError("config", "WebCrypto (crypto.subtle) is not available to sign the service-account JWT");
  const b64 = String(pem)
    .replace(/-----(BEGIN|END) [A-Z ]+-----/g, "")
    .replace(/\s+/g, "");
  let der;
  try {
    const bin = atob(b64);
    der = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) der[i] = bin.charCodeAt(i);
  } catch (_) {
    throw ioError("config", "the service account private_key is not valid PEM");
  }
  let key;
  try {
    key = await subtle.importKey("pkcs8", der, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["sign"]);
  } catch (_) {
    throw ioError("config", "the service account private_key is not a PKCS#8 RSA key");
  }
  return new Uint8Array(await subtle.sign("RSASSA-PKCS1-v1_5", key, message));
}
