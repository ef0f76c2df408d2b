import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup/net-guard.ts"],
    globalSetup: ["test/setup/postgres-global.ts"], // EARSHOT_TEST_DB=postgres: one throw-away cluster per run
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    env: { DOTENV_CONFIG_QUIET: "true", EARSHOT_LOG_LEVEL: "silent" },
  },
});
