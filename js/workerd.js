// Cloudflare Workers entry: Workers forbid compiling wasm at run time, so the .wasm is
// imported as a module (wrangler and the Cloudflare Vite plugin bundle it as CompiledWasm)
// and instantiated synchronously.
import wasmModule from "./aster_bg.wasm";
import { initSync } from "./aster.js";

initSync({ module: wasmModule });

export * from "./core.js";
