// Database access. Prisma (driver adapters, no native engine) serves every cold path:
// CLI, API, incidents, cases. The hot ingest path writes through MentionStore with
// prepared statements in one transaction per batch, measured ~10x faster than
// Prisma's createMany (see bench/pipeline.bench.ts).
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/sqlite/client.ts";
import { ConfigError } from "../errors.ts";
import { migrateSqlite } from "./migrate.ts";

export type { PrismaClient };
export type DbKind = "sqlite" | "postgres";

export interface Db {
  kind: DbKind;
  url: string;
  prisma: PrismaClient;
  /** Raw SQLite handle (sqlite only) for hot paths and migrations. */
  sqlite?: Database.Database;
  close(): Promise<void>;
}

export const DEFAULT_DATABASE_URL = "file:./data/earshot.db";

export function dbKindOf(url: string): DbKind {
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgres";
  // An in-memory database cannot be shared by the two connections Earshot opens (the hot
  // ingest path and Prisma); ":memory:" used to create a file of that name in the working directory.
  if (url === ":memory:" || /^file::memory:/.test(url)) throw new ConfigError(`database url ${JSON.stringify(url)} is not supported: an in-memory database cannot be shared by Earshot's two connections; use file:PATH (a temporary file works)`);
  if (url.startsWith("file:")) return "sqlite";
  throw new ConfigError(`database url ${JSON.stringify(url.replace(/:[^:@/]*@/, ":***@"))} is not supported: use file:PATH (SQLite) or postgres://...`);
}

export function sqliteFilePath(url: string): string {
  return path.resolve(url.replace(/^file:/, "").replace(/\?.*$/, ""));
}

/** Opens the database and applies pending migrations (they are idempotent and recorded). */
export async function openDatabase(url: string = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL, opts: { migrate?: boolean } = {}): Promise<Db> {
  const kind = dbKindOf(url);
  if (kind === "postgres") {
    const modPath = "./postgres.ts"; // added by the PostgreSQL work; absent builds say so clearly
    const { openPostgres } = await import(modPath).catch((err) => {
      throw new ConfigError("PostgreSQL support is not available in this build", [], { cause: err });
    });
    return openPostgres(url, opts);
  }
  const file = sqliteFilePath(url);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file, { timeout: 10_000 });
  // WAL lets the API read while the pipeline writes; NORMAL sync is durable across
  // process crashes (not power loss), the usual trade-off for an embedded monitor.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  if (opts.migrate !== false) migrateSqlite(sqlite);
  const adapter = new PrismaBetterSQLite3({ url: `file:${file}`, timeout: 10_000 }, { timestampFormat: "unixepoch-ms" });
  const prisma = new PrismaClient({ adapter });
  return {
    kind, url, prisma, sqlite,
    async close() {
      await prisma.$disconnect();
      sqlite.close();
    },
  };
}
