/**
 * Staged uploads: one stagedUploadsCreate for a batch of files (MODEL_3D needs fileSize), then a multipart POST
 * of each to its target: every returned parameter as a form field, in order, and the bytes last as `file`.
 * The targets are signed storage URLs: no Shopify token is sent there.
 */
import type { AdminClient } from "./admin-client";
import { STAGED_UPLOADS_CREATE } from "./documents";
import { UserErrorsError } from "./errors";

export interface UploadFile {
  resource: "MODEL_3D" | "IMAGE";
  filename: string;
  mimeType: string;
  bytes: Buffer;
}

interface StagedAnswer {
  stagedUploadsCreate: {
    stagedTargets: { url: string; resourceUrl: string; parameters: { name: string; value: string }[] }[] | null;
    userErrors: { field: string[] | null; message: string }[];
  };
}

export const DEFAULTS = {
  /** uploads in flight at once (they cost no API points; bandwidth is the limit) */
  concurrency: 4,
  /** attempts per upload (a storage hiccup is retried; a 4xx policy refusal is not) */
  attempts: 3,
} as const;

async function postMultipart(target: { url: string; parameters: { name: string; value: string }[] }, file: UploadFile, fetchImpl: typeof fetch, signal?: AbortSignal) {
  for (let attempt = 1; ; attempt++) {
    const form = new FormData();
    for (const p of target.parameters) form.append(p.name, p.value);
    form.append("file", new Blob([new Uint8Array(file.bytes)], { type: file.mimeType }), file.filename);
    const res = await fetchImpl(target.url, { method: "POST", body: form, signal });
    if (res.ok) {
      await res.arrayBuffer();
      return;
    }
    const text = (await res.text()).slice(0, 300);
    if (res.status < 500 || attempt >= DEFAULTS.attempts) throw new Error(`upload of ${file.filename} refused by the staged target: HTTP ${res.status} ${text}`);
  }
}

/** Stages and uploads `files`; returns the resourceUrl of each (the `originalSource` for productUpdate), in order. */
export async function stageAndUpload(
  client: AdminClient,
  files: UploadFile[],
  opts: { fetch?: typeof fetch; signal?: AbortSignal; concurrency?: number } = {},
): Promise<string[]> {
  if (!files.length) return [];
  const data = await client.request<StagedAnswer>(
    STAGED_UPLOADS_CREATE,
    {
      input: files.map((f) => ({
        resource: f.resource,
        filename: f.filename,
        mimeType: f.mimeType,
        httpMethod: "POST",
        // UnsignedInt64 goes as a string; mandatory for MODEL_3D
        fileSize: String(f.bytes.length),
      })),
    },
    opts.signal,
  );
  const { stagedTargets, userErrors } = data.stagedUploadsCreate;
  if (userErrors.length || !stagedTargets) throw new UserErrorsError("stagedUploadsCreate", userErrors);
  const fetchImpl = opts.fetch ?? fetch;
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      await postMultipart(stagedTargets[i], files[i], fetchImpl, opts.signal);
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? DEFAULTS.concurrency, files.length) }, worker));
  return stagedTargets.map((t) => t.resourceUrl);
}
