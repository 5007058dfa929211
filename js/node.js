// Node entry (>= 20, ESM): reads the .wasm next to this file and instantiates it synchronously,
// so `import { Client } from "aster"` is ready to use with no await.
import { readFileSync } from "node:fs";
import { initSync } from "./aster.js";

initSync({ module: readFileSync(new URL("./aster_bg.wasm", import.meta.url)) });

export * from "./core.js";
