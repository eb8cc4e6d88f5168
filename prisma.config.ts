import { defineConfig } from "prisma/config";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

// The CLI reads the generator's engineType only when DATABASE_URL parses as a postgres URL; otherwise
// it assumes the native engine and tries to download it. `||=` because an empty string is also bad.
process.env.DATABASE_URL ||= "postgresql://postgres:postgres@127.0.0.1:5432/uplift";
const url = new URL(process.env.DATABASE_URL);

async function adapter(): Promise<SqlMigrationAwareDriverAdapterFactory> {
  const { PrismaPg } = await import("@prisma/adapter-pg");
  return new PrismaPg({
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: url.pathname.slice(1),
    // The CLI never ends the pool; pg's default 10 s idle timeout would hold the process open.
    idleTimeoutMillis: 300,
  }) as unknown as SqlMigrationAwareDriverAdapterFactory;
}

export default defineConfig({ experimental: { adapter: true }, engine: "js", schema: "prisma/schema.prisma", adapter });
