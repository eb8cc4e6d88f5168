import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css";
import polarisVizStyles from "@shopify/polaris-viz/build/esm/styles.css";
import { PolarisVizProvider } from "@shopify/polaris-viz";
import { authenticate } from "../shopify.server";
import { env } from "../env.server";

export const links = () => [
  { rel: "stylesheet", href: polarisStyles },
  { rel: "stylesheet", href: polarisVizStyles },
];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  // In local Shopify mode (never in production) App Bridge comes from the local admin stand-in.
  return json({ apiKey: env.SHOPIFY_API_KEY, appBridgeUrl: env.LOCAL_SHOPIFY_URL ? env.APP_BRIDGE_URL : undefined });
};

export default function App() {
  const { apiKey, appBridgeUrl } = useLoaderData<typeof loader>();
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey} {...(appBridgeUrl ? { __APP_BRIDGE_URL: appBridgeUrl } : {})}>
      <NavMenu>
        <Link to="/app" rel="home">Dashboard</Link>
        <Link to="/app/approvals">Approvals</Link>
        <Link to="/app/audit">Audit log</Link>
        <Link to="/app/flags">Flags</Link>
        <Link to="/app/guardrails">Guardrails</Link>
        <Link to="/app/experiments">Experiments</Link>
        <Link to="/app/customers">Customers</Link>
        <Link to="/app/audiences">Audiences</Link>
        <Link to="/app/integrations">Integrations</Link>
        <Link to="/app/settings">Settings</Link>
      </NavMenu>
      <PolarisVizProvider>
        <Outlet />
      </PolarisVizProvider>
    </AppProvider>
  );
}

// Shopify needs its own error and header handling for embedded navigation (bounce, reauthorize).
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
