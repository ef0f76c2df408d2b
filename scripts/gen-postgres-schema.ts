// `npm run db:schemas`: regenerates prisma/schema.postgres.prisma from prisma/schema.prisma
// and both Prisma clients. New migrations are written by hand-run `prisma migrate diff`
// (see dashboards/README.md "PostgreSQL").
import { execFileSync } from "node:child_process";
import { writePostgresSchema, POSTGRES_SCHEMA } from "../core/db/postgres-schema.ts";

const changed = writePostgresSchema();
process.stdout.write(`${POSTGRES_SCHEMA}: ${changed ? "updated" : "up to date"}\n`);
if (!process.argv.includes("--no-generate")) {
  for (const schema of ["prisma/schema.prisma", "prisma/schema.postgres.prisma"]) {
    execFileSync("npx", ["prisma", "generate", "--schema", schema], { stdio: "inherit" });
  }
}
