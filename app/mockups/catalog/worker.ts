/** Catalog worker thread: runs MockupTasks posted by the pool, one at a time, answering with the bytes. */
import { parentPort } from "node:worker_threads";
import { runTask } from "./run-task";
import type { MockupTask } from "./task";

if (!parentPort) throw new Error("catalog worker must run in a worker thread");
const port = parentPort;
port.on("message", async (t: MockupTask) => {
  const r = await runTask(t);
  // transfer the encoded image instead of copying it
  if (r.ok) port.postMessage(r, [r.bytes.buffer as ArrayBuffer]);
  else port.postMessage(r);
});
