// Derives the PostgreSQL Prisma schema from the SQLite one. A Prisma schema names a
// single provider, so the two files must be kept in step; generating one from the
// other (and a test that fails when the committed copy is stale) means a model is
// only ever edited in prisma/schema.prisma.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const SQLITE_SCHEMA = path.resolve(here, "../../prisma/schema.prisma");
export const POSTGRES_SCHEMA = path.resolve(here, "../../prisma/schema.postgres.prisma");

const HEADER = `// GENERATED from prisma/schema.prisma by \`npm run db:schemas\`: do not edit.
// test/postgres/schema-drift.test.ts fails when this file is stale.
`;

/** Pure: the SQLite schema text turned into the PostgreSQL one (provider, url, client output). */
export function toPostgresSchema(sqlite: string): string {
  let out = sqlite;
  const swap = (re: RegExp, to: string, what: string) => {
    if (!re.test(out)) throw new Error(`prisma/schema.prisma: cannot derive the PostgreSQL schema: ${what} not found`);
    out = out.replace(re, to);
  };
  swap(/(datasource\s+db\s*\{[^}]*?provider\s*=\s*)"sqlite"/, `$1"postgresql"`, `datasource provider "sqlite"`);
  // The CLI only needs a syntactically valid url here; the runtime passes DATABASE_URL to the adapter.
  swap(/(datasource\s+db\s*\{[^}]*?url\s*=\s*)"[^"]*"/, `$1"postgresql://localhost:5432/earshot"`, "datasource url");
  swap(/(generator\s+client\s*\{[^}]*?output\s*=\s*)"[^"]*"/, `$1"../core/db/generated/postgres"`, "generator output");
  return HEADER + out;
}

/** Writes prisma/schema.postgres.prisma; returns true when it changed. */
export function writePostgresSchema(): boolean {
  const next = toPostgresSchema(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
  const prev = fs.existsSync(POSTGRES_SCHEMA) ? fs.readFileSync(POSTGRES_SCHEMA, "utf8") : "";
  if (prev === next) return false;
  fs.writeFileSync(POSTGRES_SCHEMA, next);
  return true;
}
