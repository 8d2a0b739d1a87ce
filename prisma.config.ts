// Prisma 7 reads its datasource URL from here (no url in schema.prisma, .env is not auto-loaded).
// The app and scripts pass DATABASE_URL explicitly; the placeholder only lets `prisma generate` run.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: {
    url: process.env.DATABASE_URL ?? "postgresql://localhost:54329/jinzhong",
  },
});
