import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts", "app/**/*.test.ts"],
    exclude: ["tests/e2e/**", "node_modules/**"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // sharp, Blender and SQLite files make tests heavy: two files at a time on these 2-core machines
    pool: "forks",
    maxWorkers: 2,
    setupFiles: ["tests/helpers/setup.ts"],
  },
});
