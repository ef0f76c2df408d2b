// Prisma CLI configuration. Prisma 6.19 with the JavaScript schema engine so that
// `prisma generate` and `prisma migrate diff` run offline (no native engine download).
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaLibSQL } from "@prisma/adapter-libsql";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  async adapter() {
    const url = process.env.EARSHOT_PRISMA_CLI_URL ?? "file:./data/prisma-cli.db";
    return new PrismaLibSQL({ url });
  },
});
