// PostgreSQL for agencies that outgrow one SQLite file. Selected by a postgres:// URL
// (DATABASE_URL or database.url). Prisma runs through @prisma/adapter-pg on the same
// pg.Pool the hot paths use for raw SQL. The PostgreSQL client is generated from
// prisma/schema.postgres.prisma, which is generated from the SQLite schema: the models
// are identical, so it is typed as the SQLite PrismaClient and the rest of the code
// does not care which database it talks to.
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PgPrismaClient } from "./generated/postgres/client.ts";
import type { Db, PrismaClient } from "./index.ts";
import type { MentionStore } from "./mention-store.ts";
import { PgMentionStore } from "./postgres-mention-store.ts";
import { migratePostgres } from "./postgres-migrate.ts";
import { ConfigError } from "../errors.ts";

export interface PgDb extends Db {
  kind: "postgres";
  /** Raw access for hot paths, rollups and locks. Sessions run in UTC. */
  pool: pg.Pool;
  mentionStore(): MentionStore;
  migrate(): Promise<string[]>;
}

export interface OpenPostgresOptions {
  /** Apply pending migrations on open (under an advisory lock). Default true. */
  migrate?: boolean;
  /** Pool size. Default 10. */
  max?: number;
}

// TIMESTAMP(3) columns hold UTC wall time (that is how Prisma writes them); parse them
// as UTC instead of pg's default local time, and return counts as numbers.
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === 1114) return (v: string) => new Date(v.replace(" ", "T") + "Z");
    if (oid === 20) return (v: string) => Number(v);
    if (oid === 1700) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as "text");
  },
} as unknown as pg.CustomTypesConfig;

export function redactUrl(url: string): string {
  return url.replace(/:\/\/([^:@/]*):[^@/]*@/, "://$1:***@");
}

export async function openPostgres(url: string, opts: OpenPostgresOptions = {}): Promise<PgDb> {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, types, options: "-c TimeZone=UTC" });
  pool.on("error", () => {}); // idle-client errors surface on the next query instead of crashing the process
  try {
    await pool.query("SELECT 1");
  } catch (err) {
    await pool.end().catch(() => {});
    throw new ConfigError(`cannot connect to PostgreSQL at ${redactUrl(url)}: ${(err as Error).message}`, [], { cause: err });
  }
  if (opts.migrate !== false) await migratePostgres(pool);
  const adapter = new PrismaPg(pool);
  const prisma = new PgPrismaClient({ adapter }) as unknown as PrismaClient;
  let closing: Promise<void> | null = null;
  return {
    kind: "postgres", url, prisma, pool,
    mentionStore: () => new PgMentionStore(pool),
    migrate: () => migratePostgres(pool),
    // Idempotent, like the SQLite handle: shutdown paths may close twice.
    close() {
      closing ??= (async () => {
        await prisma.$disconnect();
        await pool.end();
      })();
      return closing;
    },
  };
}
