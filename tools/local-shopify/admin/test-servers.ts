import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleAdminRequest, type AdminContext } from "./handler";

// Loopback servers for the admin tests: the local Shopify (admin routes only) and, where needed, a
// stand-in for the app.

export type Running = { url: string; server: Server; close: () => Promise<void> };

export async function listen(handler: RequestListener): Promise<Running> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, server, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The local Shopify with only the admin routes; 599 marks requests the admin handler declined. */
export async function startLocalAdmin(ctx: Omit<AdminContext, "localUrl">): Promise<Running & { ctx: AdminContext }> {
  const holder: { ctx?: AdminContext } = {};
  const running = await listen((req: IncomingMessage, res: ServerResponse) => {
    void handleAdminRequest(req, res, holder.ctx as AdminContext).then((answered) => {
      if (!answered) res.writeHead(599).end("not an admin route");
    });
  });
  holder.ctx = { ...ctx, localUrl: running.url };
  return { ...running, ctx: holder.ctx };
}
