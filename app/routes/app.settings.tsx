import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { authenticate } from "../shopify.server";
import { settingsPage } from "../services/pages.server";
import { EmptyPage } from "../components/EmptyPage";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json(await settingsPage(session.shop));
};

export default function Page() {
  const data = useLoaderData<typeof loader>();
  return (
    <EmptyPage title="Settings" heading="Guardrails and integrations">
      Guardrails (maximum discount, margin floor, budgets) and CRM connections will be set here. {data.count > 0 ? `(${data.count} so far)` : ""}
    </EmptyPage>
  );
}
