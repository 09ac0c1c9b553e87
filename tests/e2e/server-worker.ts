/**
 * A job worker inside the browser tests' app server, switched on and off by the specs that need jobs to run
 * (POST /worker {"on": true|false} on MOCKUP_E2E_CONTROL_PORT); off by default, because most specs drive job states themselves.
 * It runs in the server process so its Admin API calls (publishing) reach the same Admin API double.
 */
import type { Express } from "express";
import express from "express";
import { getRuntime } from "../../app/runtime.server";
import type { Worker } from "../../app/pipeline/worker";

let worker: Worker | null = null;

export function mountWorkerSwitch(app: Express): void {
  app.post("/worker", express.json(), async (req, res) => {
    const on = (req.body as { on?: unknown })?.on === true;
    if (on && !worker) worker = (await (await getRuntime()).createWorker({ pollMs: 200, heartbeatMs: 1000, progressWriteMs: 200 })).start();
    if (!on && worker) {
      await worker.stop({ graceMs: 5000 });
      worker = null;
    }
    res.json({ on: worker !== null });
  });
}
