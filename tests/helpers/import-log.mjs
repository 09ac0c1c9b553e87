// `node --import` this file (NODE_OPTIONS) to append every module URL the process resolves to $IMPORT_LOG.
import { register } from "node:module";

register("./import-log-hooks.mjs", import.meta.url);
