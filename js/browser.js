// Browser entry (and the default): fetches the .wasm next to this file. Bundlers such as Vite
// see `new URL("./aster_bg.wasm", import.meta.url)` and emit the file as an asset. Top-level
// await keeps the API synchronous once the import resolved. It loads the size-first build
// (opt-level z): the bytes a page ships count most there.
import init from "./aster.js";

await init({ module_or_path: new URL("./aster_bg.wasm", import.meta.url) });

export * from "./core.js";
