/** Errors of the Blender pool. `nonRetryable` tells the orchestrator's retry policy to move on at once. */

export class BlenderError extends Error {
  /** a bad job or a missing Blender: retrying cannot help */
  nonRetryable = false;
  constructor(
    message: string,
    readonly code: "bad_request" | "failed" | "timeout" | "crashed" | "unavailable" | "start_failed" | "closed",
  ) {
    super(message);
    this.name = "BlenderError";
    this.nonRetryable = code === "bad_request" || code === "unavailable" || code === "start_failed" || code === "closed";
  }
}
