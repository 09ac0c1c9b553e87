/** Catalog worker thread: runs MockupTasks posted by the pool, one at a time, answering with the bytes. */
import { parentPort } from "node:worker_threads";
import sharp from "sharp";
import { runTask } from "./run-task";
import type { MockupTask } from "./task";

if (!parentPort) throw new Error("catalog worker must run in a worker thread");
// libvips' operation cache only holds memory in a batch where every output is new
sharp.cache(false);
// one worker per core already: libvips threads inside each worker would only add memory (malloc arenas)
sharp.concurrency(1);
const port = parentPort;
port.on("message", async (t: MockupTask) => {
  const r = await runTask(t);
  // transfer the encoded image instead of copying it
  if (r.ok) port.postMessage(r, [r.bytes.buffer as ArrayBuffer]);
  else port.postMessage(r);
});
