/**
 * The web server for `npm start` (`tsx server.ts [BUILD]`): Express + @remix-run/express around the
 * production build, pino-http request logs with secrets redacted, graceful SIGTERM/SIGINT within
 * MOCKUP_SHUTDOWN_MS. The e2e tests start the same server (tests/e2e/server.ts). See app/server/.
 */
import { startServer } from "./app/server/start";

await startServer({ build: process.argv[2] });
