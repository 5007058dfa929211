// The gateway Worker: a thin entry over the Rust gateway (src/gateway, built with the features
// `wasm,gateway` into pkg-gateway/ by scripts/dev.sh). Everything that decides anything — the
// token, CORS, the body limit, routing, fallback, the wire formats — is in Rust; this file
// does the I/O between wasm's synchronous steps (the body, the upstream request, the upstream
// reads, each handed to wasm), and turns the wasm reply into a Response.
//
// Workers forbid compiling wasm at run time, so the .wasm is imported as a module (wrangler
// bundles it as CompiledWasm) and instantiated synchronously.
//
// The playground (www/dist) is served by the static-assets layer in front of this Worker; the
// API paths always reach the Worker (`run_worker_first` in wrangler.toml).
import wasmModule from "../pkg-gateway/aster_bg.wasm";
import { initSync, WasmGateway } from "../pkg-gateway/aster.js";

initSync({ module: wasmModule });

// One gateway per `env` (the bindings do not change while an isolate lives); it holds only the
// parsed configuration, never a request's I/O objects.
const gateways = new WeakMap();

function gatewayFor(env) {
  let gw = gateways.get(env);
  if (!gw) {
    gw = new WasmGateway(env);
    for (const w of JSON.parse(gw.warnings())) console.warn(`aster gateway: ${w}`);
    gateways.set(env, gw);
  }
  return gw;
}

// The reply's headers cross as one string, `name\nvalue\n…`.
function responseHeaders(reply) {
  const headers = new Headers();
  const list = reply.headers().split("\n");
  for (let i = 0; i + 1 < list.length; i += 2) headers.append(list[i], list[i + 1]);
  return headers;
}

// A streamed reply whose upstream body the Worker reads itself (`io.js`'s `Body`: its `read`
// keeps the idle timeout and the error kinds): each read goes through one synchronous wasm call
// (`feed`), so a read costs no Rust future and no promise of wasm's. One pull = one upstream
// read, as in `pulled`: the upstream is read only as fast as the caller reads.
function fed(reply, upstream) {
  const first = reply.takeFirst();
  let over = false;
  const done = (controller) => {
    over = true;
    controller.close();
    reply.free(); // at the end of the body: nothing to abort; after an error event: aborts it
  };
  return new ReadableStream(
    {
      start(controller) {
        if (first) controller.enqueue(first);
      },
      async pull(controller) {
        for (;;) {
          let piece;
          try {
            piece = await upstream.read();
          } catch (err) {
            if (over) return; // cancelled while reading: the reply is gone
            const last = reply.fail(err);
            if (last) controller.enqueue(last);
            return done(controller);
          }
          if (over) return;
          const bytes = piece === undefined ? reply.end() : reply.feed(piece);
          if (bytes) controller.enqueue(bytes);
          if (piece === undefined || reply.finished) return done(controller);
          if (bytes) return;
        }
      },
      cancel() {
        // The caller went away: abort the upstream request.
        over = true;
        reply.cancel();
        reply.free();
      },
    },
    { highWaterMark: 0 },
  );
}

// A streamed reply read through wasm (the mock provider, a buffered body): one pull = one wasm
// call = one upstream read (or one paced mock step), turned into the caller's SSE bytes.
function pulled(reply) {
  return new ReadableStream(
    {
      async pull(controller) {
        let piece;
        try {
          piece = await reply.next();
        } catch (err) {
          reply.free();
          controller.error(err);
          return;
        }
        if (piece === undefined) {
          reply.free();
          controller.close();
        } else {
          controller.enqueue(piece);
        }
      },
      cancel() {
        // The caller went away: abort the upstream request (or stop the mock's pacing).
        reply.cancel();
        reply.free();
      },
    },
    { highWaterMark: 0 },
  );
}

// The request's headers as one string for wasm, `name\nvalue\n…` (no name or value holds a
// line break).
function joinHeaders(headers) {
  let s = "";
  for (const [name, value] of headers) s += `${name}\n${value}\n`;
  return s;
}

// The reply to a request, stepped from here (`GatewayCall`): the head checked, the body read
// whole, the first upstream request sent and its first reads fed to wasm synchronously, so the
// common case costs no Rust future and no promise of wasm's. Whatever the steps do not decide
// (an error status, a retry, a fallback, a mock, a reply that is not streamed) goes on in wasm
// (`call.run()`); a chunked or oversized body goes to `handle`, which reads it counted.
async function replyTo(gw, request) {
  const call = gw.begin(request.method, request.url, joinHeaders(request.headers));
  try {
    let reply = call.takeReply();
    if (reply) return reply;
    if (!call.readsBody) return await gw.handle(request);
    let bytes;
    try {
      bytes = new Uint8Array(await request.arrayBuffer());
    } catch (_) {
      call.bodyFailed();
    }
    if (bytes !== undefined) call.body(bytes);
    reply = call.takeReply();
    if (reply) return reply;
    const sent = call.start();
    if (sent !== undefined) {
      let response;
      let failure;
      try {
        response = await sent;
      } catch (err) {
        failure = err;
      }
      if (call.accept(response, failure)) {
        const upstream = call.detach();
        for (;;) {
          let piece;
          let failure;
          try {
            piece = await upstream.read();
          } catch (err) {
            failure = err;
          }
          const decided =
            failure !== undefined ? call.fail(failure) : piece === undefined ? call.end() : call.feed(piece);
          if (decided) break;
        }
        reply = call.takeReply();
        if (reply) return reply;
      }
    }
    return await call.run();
  } finally {
    call.free();
  }
}

export default {
  async fetch(request, env) {
    const reply = await replyTo(gatewayFor(env), request);
    const status = reply.status;
    const headers = responseHeaders(reply);
    if (!reply.isStream) {
      const body = reply.takeBody();
      reply.free();
      const empty = request.method === "HEAD" || status === 204;
      return new Response(empty ? null : body, { status, headers });
    }
    const upstream = reply.detach();
    const body = upstream === undefined ? pulled(reply) : fed(reply, upstream);
    return new Response(body, { status, headers });
  },
};
