import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";

// Shopify opens the app at its URL with ?shop=…&host=…; the admin lives under /app.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  return new Response(
    "Uplift is an embedded Shopify app: open it from your store's admin (or run `npm run demo`).",
    { headers: { "Content-Type": "text/plain; charset=utf-8" } },
  );
};
