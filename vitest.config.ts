import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    // PGlite boots a WASM PostgreSQL per file and migrations take seconds: generous but finite.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: more workers than that only makes PGlite files slower.
    maxWorkers: 2,
  },
});
