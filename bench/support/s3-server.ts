/**
 * bench:scale's S3 server (s3rver, tests/helpers/s3.ts) in a process of its own, as S3 is a service of its own: its
 * event loop does not share a thread with the bench's polling and measuring, and its CPU is counted apart.
 * Prints one JSON line (endpoint, env for the workers) once it listens; stops and removes its files on SIGTERM or
 * when its stdin closes (the bench died).
 */
import { startTestS3 } from "../../tests/helpers/s3";

const s3 = await startTestS3(process.argv[2] ?? "bench");
process.stdout.write(`${JSON.stringify({ endpoint: s3.endpoint, env: s3.env })}\n`);
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void s3.stop().finally(() => process.exit(0));
};
process.once("SIGTERM", stop);
process.stdin.on("end", stop).resume();
