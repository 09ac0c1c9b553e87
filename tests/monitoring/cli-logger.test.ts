/** The CLI's log lines: readable for a person, JSON on request, warnings and up only, secrets redacted. */
import { describe, expect, it } from "vitest";
import { cliLogger, humanLogLine } from "../../app/monitoring/cli-logger";

function capture(env: Record<string, string | undefined>) {
  const lines: string[] = [];
  const log = cliLogger("mockup-test", env, (l) => void lines.push(l));
  return { log, lines };
}

describe("CLI log lines", () => {
  it("a warning is one readable line: level, message, the step and provider, the error's message", () => {
    const { log, lines } = capture({});
    log.warn({ step: "mockup:front:0:Black", capability: "mockup.compose", provider: "mockey", jobId: "cmx1", err: "mockey: POST /v1/mockups → 503" }, "provider failed");
    expect(lines).toEqual(["warning: provider failed (step mockup:front:0:Black, capability mockup.compose, provider mockey): mockey: POST /v1/mockups → 503\n"]);
    expect(lines[0]).not.toContain("{");
    expect(lines[0]).not.toContain("cmx1"); // ids and times stay out of a person's line
  });

  it("an Error's message is shown; info is below the CLI's level; LOG_LEVEL=info shows it", () => {
    const quiet = capture({});
    quiet.log.info("starting");
    quiet.log.error({ err: new Error("disk full") }, "store failed");
    expect(quiet.lines).toEqual(["error: store failed: disk full\n"]);
    const loud = capture({ LOG_LEVEL: "info" });
    loud.log.info("starting");
    expect(loud.lines).toEqual(["info: starting\n"]);
  });

  it("MOCKUP_LOG_FORMAT=json keeps pino's JSON lines, with secrets redacted", () => {
    const { log, lines } = capture({ MOCKUP_LOG_FORMAT: "json" });
    log.warn({ provider: "mockey", credentials: { apiKey: "mky_live_secret" }, req: { apiKey: "mky_live_secret" } }, "provider failed");
    expect(lines).toHaveLength(1);
    const o = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(o).toMatchObject({ level: 40, msg: "provider failed", provider: "mockey", service: "mockup-test" });
    expect(lines[0]).not.toContain("mky_live_secret");
  });

  it("a line that is not JSON passes through unchanged", () => {
    expect(humanLogLine("plain text\n")).toBe("plain text");
  });
});
