import { PassThrough } from "node:stream";
import { renderToPipeableStream } from "react-dom/server";
import { RemixServer } from "@remix-run/react";
import { createReadableStreamFromReadable, type EntryContext } from "@remix-run/node";
import { isbot } from "isbot";
import { addDocumentResponseHeaders } from "./shopify.server";
import { env } from "./env.server";

// In local Shopify mode (never in production: env.server.ts refuses it) the local admin on
// 127.0.0.1 frames the app, so it joins the frame-ancestors Shopify's library sets, and the
// library's preload of App Bridge from Shopify's CDN points at the local stand-in instead.
function adaptHeadersToLocalShopify(headers: Headers) {
  if (!env.LOCAL_SHOPIFY_URL) return;
  const csp = headers.get("Content-Security-Policy");
  const origin = new URL(env.LOCAL_SHOPIFY_URL).origin;
  if (csp) headers.set("Content-Security-Policy", csp.replace(/frame-ancestors ([^;]*)/, (_m, list: string) => `frame-ancestors ${list} ${origin}`));
  const link = headers.get("Link");
  if (link && env.APP_BRIDGE_URL) headers.set("Link", link.replace("https://cdn.shopify.com/shopifycloud/app-bridge.js", env.APP_BRIDGE_URL));
}

const ABORT_DELAY = 5000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  addDocumentResponseHeaders(request, responseHeaders);
  adaptHeadersToLocalShopify(responseHeaders);
  const callback = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  return new Promise((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />,
      {
        [callback]: () => {
          const body = new PassThrough();
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html");
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError: reject,
        onError: (error: unknown) => {
          responseStatusCode = 500;
          console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
