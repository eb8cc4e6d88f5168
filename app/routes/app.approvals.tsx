import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { authenticate } from "../shopify.server";
import { approvalsPage } from "../services/pages.server";
import { EmptyPage } from "../components/EmptyPage";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json(await approvalsPage(session.shop));
};

export default function Page() {
  const data = useLoaderData<typeof loader>();
  return (
    <EmptyPage title="Approvals" heading="No offers are waiting for approval">
      Offers above your approval thresholds will wait here for a person to approve, edit or reject them. {data.count > 0 ? `(${data.count} so far)` : ""}
    </EmptyPage>
  );
}
