// The worker process: takes jobs off the queue, apart from the web process (`npm run worker`; the
// demo starts both).
import { queue, stopQueue } from "./queue.server";
import { registerWorkers, type WorkerGroup } from "./jobs/run-worker.server";
import { env } from "./env.server";
import prisma from "./db.server";

async function main() {
  const boss = await queue({ worker: true });
  const only = env.WORKER_QUEUES?.split(",").map((g) => g.trim()).filter(Boolean) as WorkerGroup[] | undefined;
  await registerWorkers(boss, only ? { only } : {});
  console.log(`[worker] ready (pid ${process.pid}${only ? `, queues: ${only.join(", ")}` : ""})`);
  const stop = async () => {
    await stopQueue();
    await prisma.$disconnect();
    process.exit(0);
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((error) => {
  console.error("[worker] failed to start", error);
  process.exit(1);
});
