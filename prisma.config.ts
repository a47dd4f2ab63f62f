import { defineConfig } from "prisma/config";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";

// The adapter is what the CLI uses for migrations: the WebAssembly schema engine, no native binary to download.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  adapter: async () =>
    // Wait for a running web or worker process to finish its write instead of failing at once.
    new PrismaBetterSqlite3({ url: process.env.DATABASE_URL ?? "file:./data/musyawarah.db", timeout: 10_000 }),
});
