/** The shape of generated/intent.lock.json: the normalized Program plus content hashes. */
import type { Program } from "../ir/types.js";
import type { ChangelogEntry } from "../diff/changelog.js";

export interface LockFile {
  /** Format version of the lock file. */
  readonly lockVersion: 1;
  /** sha256 of the normalized program JSON. */
  readonly programHash: string;
  /** sha256 per element, keyed by `domain/kind/name` (e.g. `orders/entity/Order`). */
  readonly elements: Readonly<Record<string, string>>;
  /** The normalized program (locations removed, keys sorted). */
  readonly program: Program;
  /** Accumulated change log, by domain and version (see compiler/diff/changelog.ts). */
  readonly changelog?: readonly ChangelogEntry[];
}
