// One throw-away cluster per test file (see test/setup/postgres.ts) and a fresh
// database per call, so tests never see each other's rows.
import { afterAll, beforeAll } from "vitest";
import { startPostgres, type PgCluster } from "../setup/postgres.ts";

export function usePostgres(): { cluster(): PgCluster; freshUrl(prefix?: string): Promise<string> } {
  let c: PgCluster | null = null;
  beforeAll(async () => { c = await startPostgres(); }, 120_000);
  afterAll(async () => { await c?.stop(); });
  return {
    cluster: () => { if (!c) throw new Error("PostgreSQL did not start (see the beforeAll error)"); return c; },
    freshUrl: (prefix) => { if (!c) throw new Error("PostgreSQL did not start (see the beforeAll error)"); return c.createDatabase(prefix); },
  };
}
