/**
 * The parts of `yaml` the compiler uses, from one module. The package build replaces the
 * compiled file with a single-file bundle of the same exports (scripts/bundle.mjs): the
 * package ships ~70 CommonJS modules, and loading them was ~12 ms of every command's start-up.
 * Without the bundler (a production install), this re-export is what runs.
 */
export { parseAllDocuments, isAlias, isMap, isPair, isScalar, isSeq, Scalar } from "yaml";
