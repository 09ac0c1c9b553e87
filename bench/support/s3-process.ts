/** Starts bench/support/s3-server.ts (s3rver in its own process) and waits until it listens. */
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";

export interface S3Process {
  endpoint: string;
  env: Record<string, string>;
  pid: number | undefined;
  /** SIGTERM, then the server's own clean-up (its files); resolves when the process has exited */
  stop(): Promise<void>;
}

export async function startS3Process(bucket: string): Promise<S3Process> {
  const root = path.resolve(import.meta.dirname, "../..");
  // tsx as a loader, not its CLI (which would run the server in a grandchild, out of reach of processCpuMs)
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "s3-server.ts"), bucket], {
    cwd: root,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`the S3 server exited (${code}) before it listened`)));
  });
  const { endpoint, env } = JSON.parse(first) as { endpoint: string; env: Record<string, string> };
  return {
    endpoint,
    env,
    pid: child.pid,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
