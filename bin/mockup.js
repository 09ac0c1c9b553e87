#!/usr/bin/env node
// `npx mockup …`: runs the TypeScript CLI through tsx's loader (no build step).
import { register } from "tsx/esm/api";

register();
await import("../app/cli/main.ts");
