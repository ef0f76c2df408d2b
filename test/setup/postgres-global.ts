// vitest globalSetup: with EARSHOT_TEST_DB=postgres (and no EARSHOT_TEST_DATABASE_URL),
// starts ONE throw-away PostgreSQL cluster for the whole run and hands its URL to the
// test processes; test/helpers/app.ts then gives every app a fresh database in it.
// Without EARSHOT_TEST_DB=postgres it does nothing (SQLite files, the default).
import { startPostgres } from "./postgres.ts";

export default async function setup(): Promise<(() => Promise<void>) | void> {
  if (process.env.EARSHOT_TEST_DB !== "postgres" || process.env.EARSHOT_TEST_DATABASE_URL) return;
  const cluster = await startPostgres(); // throws "install postgresql" when the binaries are missing
  process.env.EARSHOT_TEST_DATABASE_URL = cluster.url;
  return () => cluster.stop();
}
