/**
 * Scope rules: which repo-relative paths a slice may change, and which paths are control files
 * that no agent may change (intent, generated output, git metadata, agent configuration).
 */
import picomatch from "picomatch";

/** Longest glob accepted (globs are also checked at compile time). */
const MAX_GLOB_LENGTH = 256;

/** True when a repo-relative POSIX path is well formed: no '..', no absolute, no empty segments. */
export function isSafeRelPath(path: string): boolean {
  if (path === "" || path.startsWith("/") || path.includes("\\") || path.includes("\0")) return false;
  return path.split("/").every((s) => s !== "" && s !== "." && s !== "..");
}

/** A matcher for a list of repo-relative globs (dotfiles included, no extglob, no negation). */
export function createScopeMatcher(globs: readonly string[]): (path: string) => boolean {
  const safe = globs.filter((g) => g.length <= MAX_GLOB_LENGTH && !g.startsWith("!") && isSafeRelPath(g));
  if (safe.length === 0) return () => false;
  const match = picomatch(safe as string[], { dot: true, noextglob: true, nonegate: true, strictSlashes: true });
  return (path) => isSafeRelPath(path) && match(path);
}

/**
 * The directory a glob can write under: its static prefix (`src/feature/**` → `src/feature`); for
 * a literal file, its parent directory. Returns undefined when that would be the repo root.
 */
export function writeRootOf(glob: string): string | undefined {
  const scan = picomatch.scan(glob);
  let base = scan.isGlob ? scan.base : glob.split("/").slice(0, -1).join("/");
  base = base.replace(/\/+$/, "");
  return base === "" || !isSafeRelPath(base) ? undefined : base;
}

/** Write roots of a list of globs, deduplicated, sorted, nested roots folded into their parent. */
export function writeRootsOf(globs: readonly string[]): string[] {
  const roots = [...new Set(globs.map(writeRootOf).filter((r): r is string => r !== undefined))].sort();
  return roots.filter((r) => !roots.some((o) => o !== r && r.startsWith(o + "/")));
}

const CONTROL_BASENAMES = new Set([
  ".gitignore",
  ".gitattributes",
  ".gitmodules",
  "AGENTS.md",
  "CLAUDE.md",
  "SKILL.md",
  ".mcp.json",
  ".npmrc",
]);
const CONTROL_SEGMENTS = new Set([".git", ".claude", ".cursor", ".intentc", ".github", ".husky", ".vscode"]);
const CONTROL_TOP = new Set(["intent", "generated"]);

/**
 * Why a path is a control file, or undefined. Control files steer agents, git or intentc itself
 * (`intent/`, `generated/`, `.git`, `.gitignore`, `.gitattributes`, AGENTS.md, `.claude/`, …) and
 * are rejected even inside a slice's write scope.
 */
export function controlFileReason(path: string): string | undefined {
  const segs = path.split("/");
  if (CONTROL_TOP.has(segs[0])) return `'${segs[0]}/' is compiler input or output`;
  for (const s of segs) {
    if (s === ".git") return "git metadata (a nested repository or .git file)";
    if (CONTROL_SEGMENTS.has(s)) return `'${s}' holds agent, CI or intentc configuration`;
  }
  const base = segs[segs.length - 1];
  if (CONTROL_BASENAMES.has(base)) return `'${base}' changes how git or agents treat the tree`;
  return undefined;
}
