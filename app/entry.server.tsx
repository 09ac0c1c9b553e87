/**
 * Server render (streaming, as the Shopify Remix template): bots get the whole document at once,
 * browsers a stream; Shopify's document headers (CSP frame-ancestors, etc.) are added to every page.
 */
import { PassThrough } from "node:stream";
import type { EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { addDocumentResponseHeaders } from "./shopify.server";

const ABORT_DELAY = 5000;

// the web server answers products/create|update before Remix with this (app/server/app.ts, decision 154)
export { productWebhook } from "./shopify/product-webhook-route.server";

// One machine: the web process also runs a job worker (its heartbeat counts for /healthz), as
// docs/architecture.md says. MOCKUP_IN_PROCESS_WORKER=0 where separate `mockup worker` processes run jobs.
// Loaded lazily so the web bundle pulls the providers in only when the server starts.
void import("./runtime.server")
  .then(({ ensureInProcessWorker }) => ensureInProcessWorker())
  .catch((err) => {
    console.error("in-process worker failed to start", err);
  });

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  addDocumentResponseHeaders(request, responseHeaders);
  const userAgent = request.headers.get("user-agent");
  const callbackName = isbot(userAgent ?? "") ? "onAllReady" : "onShellReady";

  return new Promise((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />,
      {
        [callbackName]: () => {
          const body = new PassThrough();
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html");
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error) {
          reject(error);
        },
        onError(error) {
          responseStatusCode = 500;
          console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
