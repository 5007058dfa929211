// Cloudflare Workers entry: Workers forbid compiling wasm at run time, so the .wasm is
// imported as a module (wrangler and the Cloudflare Vite plugin bundle it as CompiledWasm)
// and instantiated synchronously. It loads the speed-first build (opt-level 3): a Worker's size
// limit is megabytes, and every request pays the decoding.
import wasmModule from "./aster_speed_bg.wasm";
import { initSync } from "./aster_speed.js";

initSync({ module: wasmModule });

export * from "./core_speed.js";
