// @shopify/web-pixels-extension is not installed in this repository (Shopify CLI installs the
// extension's own dependencies when it builds it), so `tsc -p extensions` gets the one function
// index.ts uses, typed after the Web Pixels API reference. With the package installed its own
// types are found first and this declaration is unused.
declare module "@shopify/web-pixels-extension" {
  type Id = string | number | null;
  export type PixelEvent = { id?: string; name?: string; timestamp?: string; data?: Record<string, unknown> };
  export type ExtensionApi = {
    analytics: { subscribe(name: string, callback: (event: PixelEvent) => void): Promise<unknown> };
    browser: { sendBeacon?(url: string, body?: string): Promise<boolean> };
    init: { data?: { customer?: { id?: Id } | null } | null };
    settings: Record<string, string>;
  };
  export function register(callback: (api: ExtensionApi) => void): void;
}
