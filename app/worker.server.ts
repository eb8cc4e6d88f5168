// The worker process: takes webhook jobs off the queue. Run separately from the web process
// (`npm run worker`); the demo starts both.
import { QUEUES, queue, stopQueue } from "./queue.server";
import { processWebhookJob, type WebhookJob } from "./jobs/process-webhook.server";
import prisma from "./db.server";

async function main() {
  const boss = await queue({ worker: true });
  await boss.work<WebhookJob>(QUEUES.webhooks, { batchSize: 1, localConcurrency: 2, pollingIntervalSeconds: 0.5 }, async ([job]) => {
    if (job) await processWebhookJob(job.data);
  });
  console.log(`[worker] ready (pid ${process.pid})`);
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
