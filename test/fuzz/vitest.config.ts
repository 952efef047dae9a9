/** Vitest config for the large fuzz runs (`npm run fuzz`); the default config excludes test/fuzz. */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/fuzz/**/*.test.ts"],
    exclude: ["**/node_modules/**"],
    testTimeout: 3_600_000,
    pool: "forks",
  },
});
