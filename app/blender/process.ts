/**
 * One long-lived Blender process running blender/worker.py: JSON lines in, JSON lines out, one job at a
 * time. The pool owns these; nothing else should write to a process.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import type { Logger } from "pino";
import { BLENDER_ARGS, blenderEnv } from "./find";
import { BlenderError } from "./errors";
import { answerSchema, readySchema, type Answer } from "./protocol";

export const BLENDER_PROCESS_DEFAULTS = {
  /** ms to wait for the worker's "ready" line */
  startTimeoutMs: 60_000,
} as const;

export interface BlenderProcessOptions {
  blender: string;
  log?: Logger;
  /** ms to wait for the worker's "ready" line (default BLENDER_PROCESS_DEFAULTS.startTimeoutMs) */
  startTimeoutMs?: number;
}

interface Pending {
  /** null: a raw line whose answer may carry any id */
  id: string | null;
  resolve(a: Answer): void;
  reject(e: Error): void;
}

export class BlenderProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly ready: Promise<void>;
  /** jobs answered by this process */
  jobs = 0;
  private pending: Pending | undefined;
  private exited = false;
  /** SIGKILL sent: the process is as good as gone even before its "exit" event */
  private killed = false;
  private stderrTail: string[] = [];
  private seq = 0;

  constructor(private readonly opts: BlenderProcessOptions) {
    this.child = spawn(opts.blender, BLENDER_ARGS, { env: blenderEnv(opts.blender), stdio: ["pipe", "pipe", "pipe"] });
    this.child.stdin.on("error", () => {}); // EPIPE after a crash is reported through "exit"
    this.idle(true);
    createInterface({ input: this.child.stderr }).on("line", (line) => {
      this.stderrTail.push(line);
      if (this.stderrTail.length > 30) this.stderrTail.shift();
    });
    let markReady: () => void;
    let failStart: (e: Error) => void;
    this.ready = new Promise<void>((res, rej) => {
      markReady = res;
      failStart = rej;
    });
    this.ready.catch(() => {});
    let isReady = false;
    const timer = setTimeout(() => {
      failStart(new BlenderError(`Blender did not start within ${opts.startTimeoutMs ?? BLENDER_PROCESS_DEFAULTS.startTimeoutMs} ms`, "start_failed"));
      this.kill();
    }, opts.startTimeoutMs ?? BLENDER_PROCESS_DEFAULTS.startTimeoutMs);
    createInterface({ input: this.child.stdout }).on("line", (line) => {
      if (!line.startsWith("{")) return; // Blender prints its banner before the worker takes stdout over
      let msg: unknown;
      try {
        msg = JSON.parse(line);
      } catch {
        opts.log?.warn({ line: line.slice(0, 200) }, "blender: unparsable line");
        return;
      }
      if (!isReady) {
        if (readySchema.safeParse(msg).success) {
          isReady = true;
          clearTimeout(timer);
          markReady();
        }
        return;
      }
      const parsed = answerSchema.safeParse(msg);
      const p = this.pending;
      if (!parsed.success || !p) {
        opts.log?.warn({ line: line.slice(0, 200) }, "blender: unexpected answer");
        return;
      }
      if (p.id !== null && parsed.data.id !== p.id && parsed.data.id !== null) return; // not this job's answer
      this.pending = undefined;
      this.jobs++;
      this.idle(true);
      p.resolve(parsed.data);
    });
    this.child.on("error", (err) => {
      clearTimeout(timer);
      failStart(new BlenderError(`cannot start Blender: ${err.message}`, "start_failed"));
    });
    this.child.on("exit", (code, sig) => {
      this.exited = true;
      clearTimeout(timer);
      const why = `Blender exited (${sig ?? `code ${code}`})`;
      if (!isReady) failStart(new BlenderError(`${why} before it was ready: ${this.stderrTail.slice(-5).join(" | ")}`, "start_failed"));
      const p = this.pending;
      this.pending = undefined;
      p?.reject(new BlenderError(`${why} during a job`, "crashed"));
    });
  }

  /**
   * An idle worker must not keep Node alive (a CLI that forgets pool.close() still exits, and Blender then
   * exits on stdin EOF); a busy one must, or Node could exit mid-render with nothing else to wait for.
   */
  private idle(yes: boolean): void {
    const handles = [this.child, this.child.stdin, this.child.stdout, this.child.stderr] as unknown as { ref?(): void; unref?(): void }[];
    for (const h of handles) (yes ? h.unref : h.ref)?.call(h);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return !this.exited && !this.killed;
  }

  get busy(): boolean {
    return this.pending !== undefined;
  }

  /** Sends one job (the worker answers jobs in order) and resolves with its answer line. */
  send(kind: string, params: Record<string, unknown>): Promise<Answer> {
    if (!this.alive) return Promise.reject(new BlenderError("Blender process has exited", "crashed"));
    if (this.pending) return Promise.reject(new Error("BlenderProcess.send: a job is already running"));
    const id = `${this.pid}-${++this.seq}`;
    this.idle(false);
    return new Promise<Answer>((resolve, reject) => {
      this.pending = { id, resolve, reject };
      this.child.stdin.write(JSON.stringify({ ...params, id, kind }) + "\n");
    });
  }

  /** Writes a raw line (tests of the worker's handling of malformed input). */
  sendRaw(line: string): Promise<Answer> {
    if (this.pending) return Promise.reject(new Error("BlenderProcess.sendRaw: a job is already running"));
    this.idle(false);
    return new Promise<Answer>((resolve, reject) => {
      this.pending = { id: null, resolve, reject };
      this.child.stdin.write(line.replace(/\n/g, " ") + "\n");
    });
  }

  /** Kills the process by its pid (SIGKILL: a hung render does not listen to anything gentler). */
  kill(): void {
    if (this.exited || this.pid === undefined) return;
    this.killed = true;
    try {
      process.kill(this.pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  }

  /** Asks the worker to finish (stdin closed) and waits for the exit; kills after graceMs. */
  async close(graceMs = 5_000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((res) => this.child.once("exit", () => res()));
    this.child.stdin.end();
    const t = setTimeout(() => this.kill(), graceMs);
    await exited;
    clearTimeout(t);
  }

  stderr(): string {
    return this.stderrTail.join("\n");
  }
}
