/**
 * semver for version rules and the change log, from one module; bundled into a single minified
 * file by the package build like vendor/yaml.ts (the package is ~50 CommonJS modules).
 */
import semver from "semver";

export default semver;
