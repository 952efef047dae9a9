/** Emitter: tsconfig.json for generated/ so the whole tree type-checks under strict. */
import { defineEmitter } from "./emitter.js";
import { stableJson } from "./code.js";

export const generatedTsconfigEmitter = defineEmitter({
  name: "generated-tsconfig",
  description: "tsconfig.json: strict type-checking of every generated TypeScript file",
  emit() {
    const config = {
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        lib: ["ES2023"],
        types: ["node"],
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        allowJs: true,
        checkJs: false,
        resolveJsonModule: true,
      },
      include: ["**/*.ts"],
    };
    return new Map([["tsconfig.json", stableJson(config)]]);
  },
});
