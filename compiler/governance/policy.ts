/**
 * The scope policy: a list of changes (from a manifest diff or from git + lstat) checked against
 * a slice's write scope. Every rule yields a {@link Violation}; nothing here touches the disk.
 */
import type { ManifestChange } from "./manifest.js";
import { escapeText } from "../shared/escape.js";
import { foldCollisions, pathAliasProblem } from "../shared/fs-names.js";
import { controlFileReason, createScopeMatcher, isSafeRelPath } from "./scope.js";
import type { FileChange, Violation } from "./types.js";

/** Options for {@link checkChanges}. */
export interface PolicyOptions {
  /** The slice's write globs. */
  readonly writes: readonly string[];
  /** Largest file an agent may leave, in bytes. */
  readonly maxFileBytes: number;
  /** Paths git does not show (ignored); only the manifest saw them. */
  readonly hidden?: ReadonlySet<string>;
  /** Every path of the tree after the change: a changed path that folds to another one aliases. */
  readonly tree?: Iterable<string>;
}

/** Result of {@link checkChanges}: every change, and the violations among them. */
export interface PolicyResult {
  readonly files: FileChange[];
  readonly violations: Violation[];
}

/** Check changes against the slice's scope and the file-kind rules (D01–D04 of SECURITY.md). */
export function checkChanges(
  changes: readonly ManifestChange[],
  options: PolicyOptions,
): PolicyResult {
  const inWrites = createScopeMatcher(options.writes);
  const files: FileChange[] = [];
  const violations: Violation[] = [];
  const add = (path: string, rule: Violation["rule"], message: string) => {
    if (!violations.some((v) => v.path === path && v.rule === rule))
      violations.push({ path, rule, message });
  };
  // Paths are agent-controlled: messages quote them through the one text escaper.
  const q = (path: string) => `'${escapeText(path)}'`;
  const present = changes.filter((c) => c.after !== undefined).map((c) => c.path);
  const collisions = foldCollisions(present, options.tree ?? present);
  // A deleted path whose content reappears elsewhere is a rename (git mv); its source must be in scope.
  const deletedByOid = new Map<string, string>();
  for (const c of changes) {
    if (c.status === "deleted" && c.before?.oid && !deletedByOid.has(c.before.oid))
      deletedByOid.set(c.before.oid, c.path);
  }
  for (const c of changes) {
    const entry = c.after ?? c.before;
    const type = entry?.type ?? "file";
    const inScope = isSafeRelPath(c.path) && inWrites(c.path);
    const hidden = options.hidden?.has(c.path) ?? false;
    const from = c.status === "added" && c.after?.oid ? deletedByOid.get(c.after.oid) : undefined;
    files.push({
      path: c.path,
      status: c.status,
      type,
      inScope,
      ...(hidden ? { hidden } : {}),
      ...(from !== undefined ? { renamedFrom: from } : {}),
    });
    const control = controlFileReason(c.path);
    if (control !== undefined) add(c.path, "control-file", `Control file changed: ${control}.`);
    if (!inScope) add(c.path, "outside-scope", `${q(c.path)} is outside the slice's write scope.`);
    if (from !== undefined && !inWrites(from))
      add(
        c.path,
        "rename-from-outside",
        `${q(c.path)} was moved here from ${q(from)}, which is outside the write scope.`,
      );
    if (hidden)
      add(
        c.path,
        "hidden-by-ignore",
        `${q(c.path)} is ignored by git, so a commit would not show it.`,
      );
    const after = c.after;
    if (after === undefined) continue;
    const alias = pathAliasProblem(c.path);
    if (alias !== undefined)
      add(
        c.path,
        "alias-name",
        `${q(c.path)} has a name that aliases on other file systems: ${alias.reason}.`,
      );
    const twin = collisions.get(c.path);
    if (twin !== undefined)
      add(
        c.path,
        "alias-name",
        `${q(c.path)} and ${q(twin)} are the same file on case- or normalisation-insensitive file systems.`,
      );
    if (after.type === "symlink")
      add(c.path, "symlink", `${q(c.path)} is a symlink; agents may only leave regular files.`);
    else if (after.type === "gitlink")
      add(c.path, "gitlink", `${q(c.path)} is a submodule (gitlink).`);
    else if (after.type === "dir" && c.path.split("/").includes(".git"))
      add(c.path, "nested-git", `${q(c.path)} is a nested git directory.`);
    else if (after.type !== "file" && after.type !== "dir")
      add(
        c.path,
        "special-file",
        `${q(c.path)} is a ${after.type}; agents may only leave regular files.`,
      );
    if ((after.mode & 0o7000) !== 0)
      add(c.path, "setuid", `${q(c.path)} has the setuid, setgid or sticky bit.`);
    // Modes leave as 0644, or 0755 where the base already had an executable: a new executable
    // (or a flipped bit) is out of policy — slices do not grant executables.
    const wasExec = c.before?.type === "file" && (c.before.mode & 0o100) !== 0;
    if (after.type === "file" && (after.mode & 0o111) !== 0 && !wasExec)
      add(c.path, "exec-bit", `${q(c.path)} is executable; the slice allows no new executables.`);
    else if (
      c.before &&
      c.before.type === "file" &&
      after.type === "file" &&
      (c.before.mode & 0o100) !== (after.mode & 0o100)
    )
      add(c.path, "exec-bit", `${q(c.path)} had its executable bit flipped.`);
    if (after.type === "file" && after.size > options.maxFileBytes)
      add(
        c.path,
        "too-large",
        `${q(c.path)} is ${after.size} bytes; the limit is ${options.maxFileBytes}.`,
      );
    if (c.path.split("/").includes(".git") && after.type !== "dir")
      add(c.path, "nested-git", `${q(c.path)} is inside a nested git directory.`);
  }
  return { files, violations };
}
