import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "./components/ui/nonce";
import { startBackgroundServices } from "./services.server";
import { log } from "./utils/log.server";
import { registerAppMetrics } from "./utils/metrics.server";
import { htmlCollector } from "./utils/dropNulBytes.server";

const ABORT_DELAY = 5_000;
startBackgroundServices();
registerAppMetrics();

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // set by scripts/server.mjs with the Content-Security-Policy header
  const nonce = typeof loadContext?.cspNonce === "string" ? loadContext.cspNonce : "";
  // The whole page is rendered before it is sent (onAllReady): no route streams deferred data, and one buffer is
  // one write to the socket instead of a chunk per 2 KB through three stream layers.
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true;
        },
        onAllReady() {
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          responseHeaders.set("X-Content-Type-Options", "nosniff");
          responseHeaders.set("Referrer-Policy", "same-origin");
          responseHeaders.set("X-Frame-Options", "DENY");
          pipe(
            htmlCollector((html) => {
              clearTimeout(timer);
              resolve(new Response(new Uint8Array(html), { headers: responseHeaders, status: responseStatusCode }));
            }),
          );
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) log.error({ err: error }, "页面渲染出错");
        },
      },
    );
    const timer = setTimeout(abort, ABORT_DELAY);
  });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  // the stack goes to the log (with the request id); the page shows Remix's sanitised message only
  log.error({ err: error }, `请求处理出错：${error instanceof Error ? error.message : String(error)}`);
}

// scripts/server.mjs awaits it before every request: the application clock reads its state from the database
export { clockReady, followClockMoves } from "~/utils/clock.server";
