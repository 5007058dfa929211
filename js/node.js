// Node entry (>= 20, ESM): reads the .wasm next to this file and instantiates it synchronously,
// so `import { Client } from "aster"` is ready to use with no await. It loads the speed-first
// build (opt-level 3): on a server, CPU per event counts more than bytes on disk.
import { readFileSync } from "node:fs";
import { initSync } from "./aster_speed.js";

initSync({ module: readFileSync(new URL("./aster_speed_bg.wasm", import.meta.url)) });

export * from "./core_speed.js";
