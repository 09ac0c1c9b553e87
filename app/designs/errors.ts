/** A design upload that was refused: the message is safe to show to a merchant or shopper. */
export type RejectCode =
  | "too_large"
  | "empty"
  | "unknown_type"
  | "polyglot"
  | "truncated"
  | "too_many_pixels"
  | "bad_dimensions"
  | "unsafe_svg"
  | "corrupt"
  | "fully_transparent";

export class DesignRejectedError extends Error {
  constructor(
    readonly code: RejectCode,
    message: string,
  ) {
    super(message);
    this.name = "DesignRejectedError";
  }
}
