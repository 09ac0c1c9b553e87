/** Vite's `?raw` imports under tsx (see raw-import-hooks.mjs); import this before any app module that uses one. */
import { register } from "node:module";

register("./raw-import-hooks.mjs", import.meta.url);
