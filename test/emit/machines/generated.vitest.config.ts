/** Vitest config for running an emitted tree's generated tests (`--root test-artifacts/<case>`). */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { include: ["**/*.test.ts"], exclude: ["**/node_modules/**"], testTimeout: 60_000 },
});
