import type { TestProject } from "vitest/node";
import { createTestDatabase } from "./databases.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: string;
  }
}

export default async function setup(project: TestProject) {
  const db = await createTestDatabase();
  project.provide("databaseUrl", db.url);
  project.provide("databaseKind", db.kind);
  console.log(`[test] database: ${db.kind}`);
  return async () => {
    await db.stop();
  };
}
