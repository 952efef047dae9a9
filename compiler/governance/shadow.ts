/**
 * Attempted writes outside the scope. bubblewrap 0.8 has no overlay mounts, so the agent step gets
 * a throw-away writable copy of the whole tree at /repo (its write roots are still the worktree's
 * own directories, bound over the copy). Whatever the agent writes elsewhere — README.md,
 * intent/, .git/, a sibling slice's folder (empty in the copy) — lands in the copy, is listed as a
 * blocked violation with its path and rule, fails the run, and is never applied: the copy is
 * deleted after the manifest diff.
 */
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { diffManifests, takeManifest, type Manifest } from "./manifest.js";
import { controlFileReason } from "./scope.js";
import type { Violation } from "./types.js";

/** A prepared copy and its manifest before the agent ran. */
export interface Shadow {
  readonly dir: string;
  readonly before: Manifest;
  readonly skip: (rel: string) => boolean;
}

/** Most blocked attempts listed one by one; the rest are counted in one line. */
export const MAX_LISTED_ATTEMPTS = 200;

/**
 * Copy `worktree` to `dir` without the content of the write roots (bound over it), the masked
 * sibling roots (empty in the copy, so they show nothing and catch writes) and `empty` paths
 * (node_modules: bound read-only over it).
 */
export function prepareShadow(
  worktree: string,
  dir: string,
  writeRoots: readonly string[],
  hide: readonly string[],
  empty: readonly string[],
  masked: readonly string[] = [],
): Shadow {
  rmSync(dir, { recursive: true, force: true });
  const emptied = [...writeRoots, ...hide, ...empty];
  cpSync(worktree, dir, {
    recursive: true,
    verbatimSymlinks: true,
    errorOnExist: true,
    force: false,
    filter: (src) => {
      const rel =
        src === worktree
          ? ""
          : src
              .slice(worktree.length + 1)
              .split("\\")
              .join("/");
      return !emptied.some((e) => rel.startsWith(e + "/")) && !masked.includes(rel);
    },
  });
  for (const e of emptied) mkdirSync(join(dir, e), { recursive: true });
  // Secret-looking files are masked by a bind in the sandbox; the copy holds an empty mount point.
  for (const m of masked)
    if (!writeRoots.some((r) => m.startsWith(r + "/")))
      writeFileSync(join(dir, m), "", { mode: 0o600 });
  const skip = (rel: string) => writeRoots.includes(rel) || empty.includes(rel);
  return { dir, before: takeManifest(dir, { skip }), skip };
}

/** Every change in the copy as a blocked violation (path and rule); then the copy is deleted. */
export function blockedAttempts(shadow: Shadow): { violations: Violation[]; total: number } {
  const after = takeManifest(shadow.dir, { skip: shadow.skip });
  const changes = diffManifests(shadow.before, after);
  rmSync(shadow.dir, { recursive: true, force: true });
  const violations: Violation[] = changes.slice(0, MAX_LISTED_ATTEMPTS).map((c) => {
    const control = controlFileReason(c.path);
    const what =
      c.status === "deleted"
        ? "delete"
        : c.status === "added"
          ? `create (${c.after?.type ?? "file"})`
          : `change (${c.status})`;
    return {
      path: c.path,
      rule: control !== undefined ? "control-file" : "outside-scope",
      message: `Blocked attempt to ${what} '${c.path}' outside the write scope${control !== undefined ? ` (${control})` : ""}; never applied.`,
      blocked: true,
    };
  });
  return { violations, total: changes.length };
}
