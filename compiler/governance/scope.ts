/**
 * Scope rules: which repo-relative paths a slice may change, and which paths are control files
 * that no agent may change (intent, generated output, git metadata, agent configuration).
 */
import { controlPathReason } from "../shared/control-paths.js";
import { compileGlob, MAX_GLOB_LENGTH } from "../shared/glob.js";

const GLOB_CHARS = /[*?[\]{}]/;

/** True when a repo-relative POSIX path is well formed: no '..', no absolute, no empty segments. */
export function isSafeRelPath(path: string): boolean {
  if (path === "" || path.startsWith("/") || path.includes("\\") || path.includes("\0"))
    return false;
  return path.split("/").every((s) => s !== "" && s !== "." && s !== "..");
}

/**
 * A matcher for a list of repo-relative globs (dotfiles included, no extglob, no negation), linear
 * in the path's length (compiler/shared/glob.ts). Non-canonical or too complex globs match nothing.
 */
export function createScopeMatcher(globs: readonly string[]): (path: string) => boolean {
  const matchers = globs
    .filter((g) => g.length <= MAX_GLOB_LENGTH && !g.startsWith("!") && isSafeRelPath(g))
    .map(compileGlob)
    .filter((m): m is (path: string) => boolean => m !== undefined);
  if (matchers.length === 0) return () => false;
  return (path) => isSafeRelPath(path) && matchers.some((m) => m(path));
}

/**
 * The directory a glob can write under: its static prefix (`src/feature/**` → `src/feature`); for
 * a literal file, its parent directory. Returns undefined when that would be the repo root, or
 * when the glob is not a canonical relative path.
 */
export function writeRootOf(glob: string): string | undefined {
  const segs = glob.split("/");
  const firstGlob = segs.findIndex((s) => GLOB_CHARS.test(s));
  const base = (firstGlob < 0 ? segs.slice(0, -1) : segs.slice(0, firstGlob)).join("/");
  return base === "" || !isSafeRelPath(base) ? undefined : base;
}

/** Write roots of a list of globs, deduplicated, sorted, nested roots folded into their parent. */
export function writeRootsOf(globs: readonly string[]): string[] {
  const roots = [
    ...new Set(globs.map(writeRootOf).filter((r): r is string => r !== undefined)),
  ].sort();
  return roots.filter((r) => !roots.some((o) => o !== r && r.startsWith(o + "/")));
}

/**
 * Why a path is a control file, or undefined: the one shared list of control-paths.ts, compared
 * case-folded and NFC-normalised. Control files are rejected even inside a slice's write scope.
 */
export function controlFileReason(path: string): string | undefined {
  return controlPathReason(path);
}
