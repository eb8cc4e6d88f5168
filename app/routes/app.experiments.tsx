import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { authenticate } from "../shopify.server";
import { experimentsPage } from "../services/pages.server";
import { EmptyPage } from "../components/EmptyPage";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json(await experimentsPage(session.shop));
};

export default function Page() {
  const data = useLoaderData<typeof loader>();
  return (
    <EmptyPage title="Experiments" heading="No experiments are running">
      Every AI feature is measured against a control group; results will show here. {data.count > 0 ? `(${data.count} so far)` : ""}
    </EmptyPage>
  );
}
