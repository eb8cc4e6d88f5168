import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { authenticate } from "../shopify.server";
import { customersPage } from "../services/pages.server";
import { EmptyPage } from "../components/EmptyPage";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json(await customersPage(session.shop));
};

export default function Page() {
  const data = useLoaderData<typeof loader>();
  return (
    <EmptyPage title="Customers" heading="Customer intelligence is not set up yet">
      Lifetime value, churn risk and tiers will be computed from your order history. {data.count > 0 ? `(${data.count} so far)` : ""}
    </EmptyPage>
  );
}
