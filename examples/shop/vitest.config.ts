import { defineConfig } from "vitest/config";

// The example's own tests, from the repository root:
//   npx vitest run --config examples/shop/vitest.config.ts
export default defineConfig({
  test: {
    include: ["examples/shop/*.test.ts"],
  },
});
