/**
 * The lock file, in one place: where it lives, its shape and its parser. The lock
 * (`generated/intent.lock.json`) holds the normalized Program of the last build, a content hash
 * per element and the accumulated change log; it is the base of `intentc diff`, of version
 * enforcement and of the change log. Written by the lock emitter (emit/lock.ts), read through
 * host/lock.ts (from disk or a git ref).
 */
import type { Program } from "../ir/types.js";
import type { Level } from "./types.js";

/** File name of the lock inside the output directory. */
export const LOCK_FILE = "intent.lock.json";

/** The default output directory. */
export const DEFAULT_OUT_DIR = "generated";

/** Path of the lock under the default output directory (relative to the project root). */
export const LOCK_PATH = `${DEFAULT_OUT_DIR}/${LOCK_FILE}`;

/** Largest lock file read, in bytes. */
export const MAX_LOCK_BYTES = 32 * 1024 * 1024;

/** One recorded change in the history. */
export interface ChangelogChange {
  readonly rule: string;
  readonly level: Level;
  readonly path: string;
  readonly message: string;
}

/** All changes of one domain version. `baseline` marks the first version the lock saw. */
export interface ChangelogEntry {
  readonly domain: string;
  readonly version: string;
  readonly baseline?: boolean;
  readonly changes: readonly ChangelogChange[];
}

/** The shape of intent.lock.json: the normalized Program plus content hashes. */
export interface LockFile {
  /** Format version of the lock file. */
  readonly lockVersion: 1;
  /** sha256 of the normalized program JSON. */
  readonly programHash: string;
  /** sha256 per element, keyed by `domain/kind/name` (e.g. `orders/entity/Order`). */
  readonly elements: Readonly<Record<string, string>>;
  /** The normalized program (locations removed, keys sorted). */
  readonly program: Program;
  /** Accumulated change log, by domain and version (see diff/changelog.ts). */
  readonly changelog?: readonly ChangelogEntry[];
}

/** A parsed lock, or why the text is not one (`source` names where it came from). */
export type LockParse =
  | { readonly ok: true; readonly lock: LockFile; readonly source: string }
  | { readonly ok: false; readonly message: string };

/** Parse lock JSON text defensively (the lock is input like any other file). */
export function parseLockFile(text: string, source: string): LockParse {
  if (text.length > MAX_LOCK_BYTES) return { ok: false, message: `${source}: lock file too large` };
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { ok: false, message: `${source}: not JSON (${why})` };
  }
  if (!isLockFile(v))
    return { ok: false, message: `${source}: not an intentc lock file (lockVersion 1)` };
  return { ok: true, lock: v, source };
}

function isLockFile(v: unknown): v is LockFile {
  const obj = (x: unknown): x is Record<string, unknown> =>
    x !== null && typeof x === "object" && !Array.isArray(x);
  return (
    obj(v) &&
    v.lockVersion === 1 &&
    typeof v.programHash === "string" &&
    obj(v.elements) &&
    obj(v.program) &&
    Array.isArray(v.program.domains) &&
    (v.changelog === undefined || Array.isArray(v.changelog))
  );
}
