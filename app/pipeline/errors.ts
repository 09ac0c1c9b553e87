/** Errors the pipeline's public API throws; callers (routes, CLI) map them to 4xx / exit codes. */

/** The job spec is invalid; nothing was written. */
export class JobSpecError extends Error {
  constructor(
    message: string,
    /** one line per problem, e.g. `steps[2].dependsOn: unknown step "x"` */
    readonly issues: string[] = [message],
  ) {
    super(message);
    this.name = "JobSpecError";
  }
}

/** No job with this id for this shop (a job of another shop is reported the same way). */
export class JobNotFoundError extends Error {
  constructor(id: string) {
    super(`job ${String(id).slice(0, 40)} not found`);
    this.name = "JobNotFoundError";
  }
}

/** The operation does not apply to the job's current state (e.g. retrying a running job). */
export class JobStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JobStateError";
  }
}

/** Thrown into providers' signal when the job is cancelled. */
export class JobCancelledError extends Error {
  constructor() {
    super("job cancelled");
    this.name = "JobCancelledError";
  }
}
