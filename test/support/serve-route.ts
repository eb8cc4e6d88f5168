import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { ActionFunctionArgs } from "@remix-run/node";
import { callAction } from "./routes";

type Action = (args: ActionFunctionArgs) => Promise<Response>;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Serves one route module's action on 127.0.0.1, the way Remix would call it, so a client that
 * speaks HTTP (the local Slack's signedInteraction) can reach the real route. Bytes pass unchanged.
 */
export async function serveAction(action: Action): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    void (async () => {
      const body = new Uint8Array(await readBody(req));
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const url = `http://127.0.0.1${req.url ?? "/"}`;
      const request = new Request(url, { method: req.method, headers, ...(req.method === "GET" || req.method === "HEAD" ? {} : { body }) });
      const response = await callAction(action, request);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      res.writeHead(500, { "Content-Type": "text/plain" });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
