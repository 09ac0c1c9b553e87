/** The job fields every admin page shows, as JSON for a loader (dates as ISO strings). */
import type { Msg } from "../i18n/message";
import type { JobSummary } from "../pipeline/jobs";

export interface JobHeader {
  id: string;
  type: string;
  status: string;
  progress: number;
  degraded: boolean;
  error: string | null;
  /** `error` as a message key (shown in the merchant's language); null for jobs finished before decision 093 */
  errorMsg: Msg | null;
  createdAt: string;
}

export function jobHeader(j: JobSummary): JobHeader {
  return { id: j.id, type: j.type, status: j.status, progress: j.progress, degraded: j.degraded, error: j.error, errorMsg: j.errorMsg, createdAt: j.createdAt.toISOString() };
}
