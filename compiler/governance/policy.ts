/**
 * The scope policy: a list of changes (from a manifest diff or from git + lstat) checked against
 * a slice's write scope. Every rule yields a {@link Violation}; nothing here touches the disk.
 */
import type { ManifestChange } from "./manifest.js";
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
}

/** Result of {@link checkChanges}: every change, and the violations among them. */
export interface PolicyResult {
  readonly files: FileChange[];
  readonly violations: Violation[];
}

/** Check changes against the slice's scope and the file-kind rules (D01–D04 of SECURITY.md). */
export function checkChanges(changes: readonly ManifestChange[], options: PolicyOptions): PolicyResult {
  const inWrites = createScopeMatcher(options.writes);
  const files: FileChange[] = [];
  const violations: Violation[] = [];
  const add = (path: string, rule: Violation["rule"], message: string) => {
    if (!violations.some((v) => v.path === path && v.rule === rule)) violations.push({ path, rule, message });
  };
  // A deleted path whose content reappears elsewhere is a rename (git mv); its source must be in scope.
  const deletedByOid = new Map<string, string>();
  for (const c of changes) {
    if (c.status === "deleted" && c.before?.oid && !deletedByOid.has(c.before.oid)) deletedByOid.set(c.before.oid, c.path);
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
    if (!inScope) add(c.path, "outside-scope", `'${c.path}' is outside the slice's write scope.`);
    if (from !== undefined && !inWrites(from))
      add(c.path, "rename-from-outside", `'${c.path}' was moved here from '${from}', which is outside the write scope.`);
    if (hidden) add(c.path, "hidden-by-ignore", `'${c.path}' is ignored by git, so a commit would not show it.`);
    const after = c.after;
    if (after === undefined) continue;
    if (after.type === "symlink") add(c.path, "symlink", `'${c.path}' is a symlink; agents may only leave regular files.`);
    else if (after.type === "gitlink") add(c.path, "gitlink", `'${c.path}' is a submodule (gitlink).`);
    else if (after.type === "dir" && c.path.split("/").includes(".git"))
      add(c.path, "nested-git", `'${c.path}' is a nested git directory.`);
    else if (after.type !== "file" && after.type !== "dir")
      add(c.path, "special-file", `'${c.path}' is a ${after.type}; agents may only leave regular files.`);
    if ((after.mode & 0o6000) !== 0) add(c.path, "setuid", `'${c.path}' has the setuid or setgid bit.`);
    if (c.before && c.before.type === "file" && after.type === "file" && (c.before.mode & 0o100) !== (after.mode & 0o100))
      add(c.path, "exec-bit", `'${c.path}' had its executable bit flipped.`);
    if (after.type === "file" && after.size > options.maxFileBytes)
      add(c.path, "too-large", `'${c.path}' is ${after.size} bytes; the limit is ${options.maxFileBytes}.`);
    if (c.path.split("/").includes(".git") && after.type !== "dir")
      add(c.path, "nested-git", `'${c.path}' is inside a nested git directory.`);
  }
  return { files, violations };
}
