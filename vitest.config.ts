import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup/net-guard.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    env: { DOTENV_CONFIG_QUIET: "true", EARSHOT_LOG_LEVEL: "silent" },
  },
});
