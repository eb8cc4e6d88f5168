// The app's HTTP server: the Remix build behind Express, without remix-serve's per-request log.
// `npm start` in production; the demo, the end-to-end tests and the benchmark run it too.
// WEB_CONCURRENCY > 1 forks that many processes sharing the port (Node's cluster module).
import cluster from "node:cluster";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const workers = Number(process.env.WEB_CONCURRENCY ?? 1);

if (cluster.isPrimary && workers > 1) {
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on("exit", (worker, code, signal) => {
    if (signal !== "SIGTERM" && signal !== "SIGINT" && code !== 0) {
      console.error(`[web] process ${worker.process.pid} died (${signal ?? code}); starting another`);
      cluster.fork();
    }
  });
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.once(signal, () => {
      for (const w of Object.values(cluster.workers ?? {})) w?.kill("SIGTERM");
      process.exit(0);
    });
  }
} else {
  await serve();
}

async function serve() {
  const { default: express } = await import("express");
  const { createRequestHandler } = await import("@remix-run/express");
  const root = import.meta.dirname;
  const build = await import(pathToFileURL(resolve(root, "build/index.js")).href);
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? "127.0.0.1";

  const app = express();
  app.disable("x-powered-by");
  app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
  app.use(express.static(resolve(root, "public"), { maxAge: "1h" }));
  app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV ?? "production" }));

  const server = app.listen(port, host, () => console.log(`[web] listening on http://${host}:${port} (pid ${process.pid})`));
  server.keepAliveTimeout = 65_000;
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.once(signal, () => server.close(() => process.exit(0)));
  }
}
