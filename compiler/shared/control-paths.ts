/**
 * THE list of control paths: files and directories that steer git, CI, editors, agents or intentc
 * itself. No slice may write them, whatever its scope. One list, shared by `check` (scope globs,
 * compiler/check/slices.rule.ts), the slice-pack emitter (the deny rules of the agent settings and
 * the sandbox-runtime profile) and the runner/`verify` (compiler/governance/policy.ts).
 *
 * Names are compared folded ({@link foldName}): NFC-normalised, lower-cased, with the code points
 * macOS ignores in names removed and Windows' trailing dots and spaces dropped — so `.GIT/hooks`,
 * `.GITIGNORE`, `Agents.MD`, `.git\u200c` and `.git.` are the control files they spell on macOS and
 * Windows checkouts. To extend the list, add a name here: every consumer reads these constants.
 */

/** Top-level directories owned by people and intentc: intent is input, generated is output. */
export const CONTROL_TOP_DIRS: readonly string[] = ["intent", "generated"];

/** Directories that are control paths at any depth (git, CI hooks, editor and agent config). */
export const CONTROL_DIRS: readonly string[] = [
  ".git",
  ".github", // workflows, actions, CODEOWNERS
  ".husky",
  ".vscode",
  ".devcontainer",
  ".intentc",
  ".claude",
  ".cursor",
  ".codex",
];

/** File names that are control files at any depth (git behaviour, agent instructions, registries). */
export const CONTROL_FILE_NAMES: readonly string[] = [
  ".gitignore",
  ".gitattributes",
  ".gitmodules",
  "AGENTS.md",
  "CLAUDE.md",
  "CLAUDE.local.md",
  "GEMINI.md",
  "SKILL.md",
  ".mcp.json",
  ".npmrc",
  ".cursorrules",
  ".clinerules",
  ".windsurfrules",
];

/** Every control path as a repo-root entry (for deny lists of agent settings and sandbox profiles). */
export const CONTROL_PATHS: readonly string[] = [
  ...CONTROL_TOP_DIRS,
  ...CONTROL_DIRS,
  ...CONTROL_FILE_NAMES,
];

/** The entries of {@link CONTROL_PATHS} that are files (deny `x`, not `x/**`). */
export const CONTROL_FILES: ReadonlySet<string> = new Set(CONTROL_FILE_NAMES);

/** Code points macOS (HFS+/APFS lookups) ignores in names, and bidi/zero-width format characters. */
const IGNORABLE = /[\u00ad\u034f\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]/g;

/**
 * A name as case-insensitive, normalisation-insensitive file systems see it: NFC, lower case,
 * ignorable code points removed, trailing dots and spaces dropped (Windows).
 */
export function foldName(name: string): string {
  const folded = name.normalize("NFC").replace(IGNORABLE, "").toLowerCase().normalize("NFC");
  return folded === "." || folded === ".." ? folded : folded.replace(/[. ]+$/, "");
}

/** A repo-relative path folded segment by segment. */
export function foldPath(path: string): string {
  return path.split("/").map(foldName).join("/");
}

const TOP = new Set(CONTROL_TOP_DIRS.map(foldName));
const DIRS = new Set(CONTROL_DIRS.map(foldName));
const FILES = new Set(CONTROL_FILE_NAMES.map(foldName));

/**
 * Why a repo-relative path is (or lies under) a control path, or undefined. Every segment is
 * compared folded, so spellings that alias on macOS or Windows are caught too.
 */
export function controlPathReason(path: string): string | undefined {
  const segs = path.split("/").map(foldName);
  if (TOP.has(segs[0])) return `'${segs[0]}/' is compiler input or output`;
  for (let i = 0; i < segs.length; i++) {
    if (segs[i] === ".git") return "git metadata (a nested repository or .git file)";
    if (DIRS.has(segs[i])) return `'${segs[i]}' holds agent, CI, editor or intentc configuration`;
    if (FILES.has(segs[i])) return `'${segs[i]}' changes how git, CI or agents treat the tree`;
  }
  return undefined;
}

/** The control path a literal glob segment names (folded), or undefined. `top` for the first segment. */
export function controlSegment(segment: string, top: boolean): string | undefined {
  const f = foldName(segment);
  if (top && TOP.has(f)) return `${f}/`;
  if (DIRS.has(f)) return `${f}/`;
  if (FILES.has(f)) return f;
  return undefined;
}
