import os from "node:os";
import path from "node:path";

// Quiet logs in tests unless LOG_LEVEL is set; never let a test touch the developer's .data/.
process.env.LOG_LEVEL ??= "silent";
process.env.MOCKUP_DATA_DIR ??= path.join(os.tmpdir(), `mockup-test-${process.pid}`);
