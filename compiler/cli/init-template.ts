/** The files `intentc init` writes: intent, project files and the package.json merge. */
export { INIT_FILES } from "./init-template/intent.js";
export { PROJECT_FILES } from "./init-template/project.js";
export {
  mergePackageJson,
  packageNameFor,
  wantedPackageJson,
  type ScaffoldVersions,
} from "./init-template/package-json.js";
