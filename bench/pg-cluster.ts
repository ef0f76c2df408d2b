// The benchmarks use the same throw-away PostgreSQL cluster as the tests (initdb +
// pg_ctl on a loopback port), or EARSHOT_TEST_DATABASE_URL when set.
export { startPostgres, type PgCluster } from "../test/setup/postgres.ts";
