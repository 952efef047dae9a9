/**
 * The writer: the only module that writes generated output to disk.
 *
 * Protocol (issue 3 item 7, SECURITY.md F01/F02/F04). A directory cannot be replaced by one
 * `rename` (ENOTEMPTY), so a build swaps trees:
 *
 *  0. The caller holds the build lock (`write/lock.ts`) and has run {@link recoverOutput}.
 *  1. Refuse when the output dir, any component of it, or any entry inside it is a symlink
 *     (IC5501), and when an emitted path is unsafe (IC5503). Nothing is written.
 *  2. Build the complete new tree in `<parent>/.intentc-tmp-<base>-<hex12>` (same file system as
 *     the output dir), file by file as the emitters produce them (write/session.ts), so the
 *     output strings need not all be held at once; every path is validated before the swap. Unchanged files (same bytes and mode) are hard-linked from the old tree,
 *     so they keep their inode and mtime; changed files are created with O_EXCL, chmod'ed
 *     explicitly (0644, or 0755 for `#!` scripts; dirs 0755 whatever the umask), and fsync'ed
 *     when the caller asks for power-loss durability (`--fsync`; the atomicity below holds
 *     either way: a killed process cannot lose data the kernel already has).
 *     If nothing differs at all, the temp tree is dropped and the output dir is not touched.
 *  3. rename `<out>` → `<parent>/.intentc-old-<base>-<hex12>`
 *  4. rename temp → `<out>`, fsync `<parent>`
 *  5. remove the old tree.
 *
 * A SIGKILL anywhere leaves one of these states, each repaired by the next build's
 * {@link recoverOutput} (run under the lock before anything else):
 *  - during 2: `<out>` is the untouched previous tree, plus a temp dir → the temp dir is removed;
 *  - between 3 and 4: `<out>` is missing and `.intentc-old-*` holds the complete previous tree
 *    → it is renamed back to `<out>` (the half-swapped new tree is discarded);
 *  - during 5: `<out>` is the complete new tree → the leftover old tree is removed.
 * So `<out>` always holds a complete tree (old or new), except during the two-syscall window of
 * 3–4, after which the previous tree is restored. Copying unchanged files into the previous
 * tree in place was rejected: a kill part-way would leave a mix of old and new files.
 *
 * Crash tests inject faults through the writer's `faults` option (write/fs.ts WriteFaults, never
 * set by a build): `killAfterFiles: N` makes the writer SIGKILL its own process after placing N
 * files in the temp tree; `killAt: "mid-swap"` kills between steps 3 and 4, `"after-swap"`
 * between 4 and 5.
 */
import { lstatSync, readdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import type { DiagnosticResult } from "./diagnostic.js";
import { fsyncDir, removeTree, type WriteFaults } from "./write/fs.js";
import type { OutputTarget } from "./write/paths.js";
import { validateEmittedPaths } from "./write/paths.js";
import { openTreeWriter, type WriteSummary } from "./write/session.js";

export { resolveOutputTarget, type OutputTarget } from "./write/paths.js";
export { checkTree, driftEntries, type DriftEntry } from "./write/drift.js";
export { DIR_MODE, fileModeFor, type WriteFaults } from "./write/fs.js";
export {
  openTreeWriter,
  type TreeWriter,
  type WriteSummary,
  type WriterOptions,
} from "./write/session.js";

/** What {@link recoverOutput} repaired. */
export interface RecoverySummary {
  /** The backup renamed back to the output dir, if any. */
  readonly restored: string | undefined;
  /** Leftover temp and backup trees removed. */
  readonly removed: readonly string[];
}

function siblingPattern(base: string): RegExp {
  const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^\\.intentc-(tmp|old)-${escaped}-[0-9a-f]{12}$`);
}

/**
 * Repair what a killed build left beside the output dir (see the protocol above): restore the
 * output from its backup when the output is missing, then remove every leftover temp/backup.
 * Call with the build lock held.
 */
export function recoverOutput(target: OutputTarget): RecoverySummary {
  let names: string[];
  try {
    names = readdirSync(target.parent).sort();
  } catch {
    return { restored: undefined, removed: [] };
  }
  const pattern = siblingPattern(target.base);
  const litter = names.filter((n) => pattern.test(n));
  let restored: string | undefined;
  let outExists = true;
  try {
    lstatSync(target.outAbs);
  } catch {
    outExists = false;
  }
  if (!outExists) {
    const backups = litter
      .filter((n) => n.startsWith(".intentc-old-"))
      .map((n) => ({ n, st: lstatSync(join(target.parent, n)) }))
      .filter(({ st }) => st.isDirectory())
      .sort((a, b) => b.st.mtimeMs - a.st.mtimeMs || (a.n < b.n ? -1 : 1));
    if (backups.length > 0) {
      restored = backups[0].n;
      renameSync(join(target.parent, restored), target.outAbs);
      fsyncDir(target.parent);
    }
  }
  const removed = litter.filter((n) => n !== restored);
  for (const n of removed) removeTree(join(target.parent, n));
  return { restored, removed };
}

/**
 * Write `files` (relative POSIX path → contents) as the complete content of the output dir,
 * following the protocol above. Returns diagnostics (and writes nothing) for symlinks, unsafe
 * paths and I/O failures; the previous output is then left exactly as it was.
 */
export function writeTree(
  target: OutputTarget,
  files: ReadonlyMap<string, string>,
  options: { readonly fsync?: boolean; readonly faults?: WriteFaults } = {},
): DiagnosticResult<WriteSummary | undefined> {
  // Unsafe paths are refused before anything (even a temp dir) is created.
  const pathDiags = validateEmittedPaths(files.keys(), target.outRel);
  if (pathDiags.length > 0) return [undefined, pathDiags];
  const [writer, diags] = openTreeWriter(target, options);
  if (!writer) return [undefined, diags];
  const sorted = [...files.keys()].sort();
  for (const rel of sorted) writer.add(rel, files.get(rel) as string);
  return writer.finish();
}
