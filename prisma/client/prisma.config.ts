import { defineConfig } from "prisma-7/config";

// Prisma 7's CLI only generates the clients (scripts/prisma.mjs passes the schema); it never connects, and migrations
// are Prisma 6.19's (decision 011).
export default defineConfig({});
