/** Polaris badge tones for job, step and health statuses (labels come from messages "status.*"). */
export type Tone = "success" | "attention" | "critical" | "info" | "warning" | undefined;

export const STATUS_TONE: Record<string, Tone> = {
  succeeded: "success",
  running: "info",
  queued: undefined,
  pending: undefined,
  skipped: undefined,
  failed: "critical",
  cancelled: "attention",
  ok: "success",
  degraded: "attention",
  down: "critical",
};

/** "gid://shopify/Product/101" → "101" (for URLs of the product page). */
export const legacyId = (gid: string) => gid.split("/").pop() ?? gid;
