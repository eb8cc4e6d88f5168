import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { handleSlackInteraction } from "../services/slack-interaction.server";

// Slack's interactivity Request URL. The signature covers the raw body, so it is read as text
// before anything parses it.
export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") throw new Response("Method not allowed", { status: 405 });
  const raw = await request.text();
  if (raw.length > 100_000) throw new Response("Payload too large", { status: 413 });
  const result = await handleSlackInteraction(raw, request.headers);
  if (result.status !== 200) throw new Response(result.text, { status: result.status });
  // An ephemeral reply to the person who clicked.
  return json({ response_type: "ephemeral", replace_original: false, text: result.text });
};
