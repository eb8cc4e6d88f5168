import { register } from "@shopify/web-pixels-extension";
import { startPixel } from "./pixel";

// Entry point Shopify CLI bundles. Everything it does is in ./pixel.ts, tested without the sandbox.
register(({ analytics, init, settings }) => {
  startPixel({ analytics, init, settings }, (url, request) => fetch(url, request));
});
