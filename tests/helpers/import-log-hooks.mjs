// Module hooks (run on the loader thread): log each resolved URL, one a line.
import { appendFileSync } from "node:fs";

export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (process.env.IMPORT_LOG) appendFileSync(process.env.IMPORT_LOG, `${r.url}\n`);
  return r;
}
