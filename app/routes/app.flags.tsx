import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { authenticate } from "../shopify.server";
import { flagsPage } from "../services/pages.server";
import { EmptyPage } from "../components/EmptyPage";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json(await flagsPage(session.shop));
};

export default function Page() {
  const data = useLoaderData<typeof loader>();
  return (
    <EmptyPage title="Flags" heading="No workflows are switched on yet">
      Each AI workflow gets a switch (off, shadow, live), a gradual rollout and a kill switch. {data.count > 0 ? `(${data.count} so far)` : ""}
    </EmptyPage>
  );
}
