import type { ActionFunctionArgs } from "@remix-run/node";

type Action = (args: ActionFunctionArgs) => Promise<Response>;

/** The webhook route module for a topic, as Remix would load it. */
export async function webhookRoute(topic: string): Promise<Action> {
  const mod = (await import(`../../app/routes/webhooks.${topic.replace("/", ".")}.tsx`)) as { action: Action };
  return mod.action;
}

/** Runs an action the way Remix does: a thrown Response is the answer. */
export async function callAction(action: Action, request: Request): Promise<Response> {
  try {
    return await action({ request, params: {}, context: {} });
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}
