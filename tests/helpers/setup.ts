// Quiet logs in tests unless LOG_LEVEL is set; never let a test touch the developer's .data/.
process.env.LOG_LEVEL ??= "silent";
process.env.MOCKUP_DATA_DIR ??= `/tmp/mockup-test-${process.pid}`;
