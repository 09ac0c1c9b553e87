/** One error type for every refused model, so callers (CLI, providers, routes) can show a clear message. */

export type AssetErrorCode =
  | "too_large"
  | "unsupported_format"
  | "malformed"
  | "unsafe_uri"
  | "missing_resource"
  | "image_too_large"
  | "invalid_gltf"
  | "budget";

export class AssetError extends Error {
  /** the same bytes fail the same way: the orchestrator must not retry */
  readonly nonRetryable = true;

  constructor(
    readonly code: AssetErrorCode,
    message: string,
    /** validator messages or other details, safe to show to a merchant */
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = "AssetError";
  }
}
