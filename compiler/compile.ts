/** The front end (driver/front-end.ts), under its historical path. */
export {
  compile,
  type CompilationStage,
  type CompileOptions,
  type CompileResult,
} from "./driver/front-end.js";
