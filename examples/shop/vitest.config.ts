import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The example's own tests: npx vitest run --config examples/shop/vitest.config.ts
export default defineConfig({
  test: {
    root: fileURLToPath(new URL(".", import.meta.url)),
    include: ["*.test.ts"],
  },
});
