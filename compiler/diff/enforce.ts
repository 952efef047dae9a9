/** Semver enforcement for `intentc build`: breaking changes need a major bump (issue 6). */
import type { Diagnostic } from "../diagnostic.js";
import type { Program } from "../ir/types.js";
import type { LockFile } from "../emit/lock-types.js";

/** Compare the program with the previous lock; report version-policy errors. */
export function enforceVersions(_program: Program, _previous: LockFile | undefined): Diagnostic[] {
  return [];
}
