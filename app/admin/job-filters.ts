/** The Jobs page's lists (tabs), shared by its loader and its component. */
export const JOB_FILTERS = ["all", "active", "failed", "succeeded"] as const;
export type JobFilter = (typeof JOB_FILTERS)[number];
