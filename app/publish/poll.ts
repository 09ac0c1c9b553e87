/**
 * Media status by id (one `nodes` query for all of a product's media) and polling until each is READY or
 * FAILED: an interval growing by `factor` up to `maxIntervalMs`, and a ceiling after which what is still
 * processing is left for the next publish to find (the step is then degraded, never stuck).
 */
import { abortableSleep, type AdminClient } from "./admin-client";
import { MEDIA_NODES } from "./documents";

export type MediaState = "UPLOADED" | "PROCESSING" | "READY" | "FAILED";

export interface MediaNode {
  id: string;
  status: MediaState;
  errors: { code: string; message: string }[];
  /** READY only: the image URL and size, or the GLB source URL (and Shopify's USDZ) */
  url?: string;
  usdzUrl?: string;
  width?: number;
  height?: number;
  bytes?: number;
}

/** Defaults: DEFAULTS. */
export interface PollOptions {
  /** first wait before reading again (default 1 000 ms) */
  intervalMs?: number;
  /** growth of the wait per round (default 1.5) */
  factor?: number;
  /** longest single wait (default 5 000 ms) */
  maxIntervalMs?: number;
  /** total time before giving up on media still processing (default 180 000 ms) */
  ceilingMs?: number;
  sleep?(ms: number, signal?: AbortSignal): Promise<void>;
}

export const DEFAULTS = { intervalMs: 1000, factor: 1.5, maxIntervalMs: 5000, ceilingMs: 180_000 } as const;

type RawNode = {
  id: string;
  status?: MediaState;
  mediaErrors?: { code: string; message: string }[];
  sources?: { url: string; format: string; mimeType: string; filesize: number | null }[];
  image?: { url: string; width: number | null; height: number | null } | null;
} | null;

/** Status of each id; a missing id (null node) means the media no longer exists in Shopify. */
export async function readMediaNodes(client: AdminClient, ids: string[], signal?: AbortSignal): Promise<Map<string, MediaNode | null>> {
  const out = new Map<string, MediaNode | null>();
  // `nodes` takes up to 250 ids
  for (let i = 0; i < ids.length; i += 250) {
    const chunk = ids.slice(i, i + 250);
    const data = await client.request<{ nodes: RawNode[] }>(MEDIA_NODES, { ids: chunk }, signal);
    chunk.forEach((id, j) => {
      const n = data.nodes[j];
      if (!n || !n.status) return out.set(id, null);
      const glb = n.sources?.find((s) => s.format === "glb");
      const usdz = n.sources?.find((s) => s.format === "usdz");
      out.set(id, {
        id,
        status: n.status,
        errors: n.mediaErrors ?? [],
        url: glb?.url ?? n.image?.url ?? undefined,
        usdzUrl: usdz?.url,
        width: n.image?.width ?? undefined,
        height: n.image?.height ?? undefined,
        bytes: glb?.filesize ?? undefined,
      });
    });
  }
  return out;
}

/** Polls until every id is READY or FAILED, or the ceiling passes; returns the last state of each. */
export async function pollUntilProcessed(client: AdminClient, ids: string[], opts: PollOptions & { signal?: AbortSignal } = {}): Promise<Map<string, MediaNode | null>> {
  const o = { ...DEFAULTS, ...opts };
  const sleep = opts.sleep ?? abortableSleep;
  const result = new Map<string, MediaNode | null>();
  let pending = [...ids];
  let wait = o.intervalMs;
  const start = Date.now();
  for (;;) {
    const states = await readMediaNodes(client, pending, opts.signal);
    for (const [id, n] of states) result.set(id, n);
    pending = pending.filter((id) => {
      const n = states.get(id);
      return n && n.status !== "READY" && n.status !== "FAILED";
    });
    if (!pending.length || Date.now() - start + wait > o.ceilingMs) return result;
    await sleep(wait, opts.signal);
    wait = Math.min(o.maxIntervalMs, wait * o.factor);
  }
}
