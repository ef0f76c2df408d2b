import { defineConfig } from "vitest/config";

// The two heaviest suites (three real earshot processes on PostgreSQL, and the console
// in real Chromium) each need the machine's cores for their own timing-sensitive waits:
// they run after everything else, one file at a time, instead of beside each other.
const heavy = ["test/postgres/multi-process.test.ts", "test/e2e/**/*.test.ts"];

export default defineConfig({
  test: {
    setupFiles: ["test/setup/net-guard.ts"],
    globalSetup: ["test/setup/postgres-global.ts"], // EARSHOT_TEST_DB=postgres: one throw-away cluster per run
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    env: { DOTENV_CONFIG_QUIET: "true", EARSHOT_LOG_LEVEL: "silent" },
    projects: [
      { extends: true, test: { name: "unit-and-integration", include: ["test/**/*.test.ts"], exclude: heavy, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: "heavy", include: heavy, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
