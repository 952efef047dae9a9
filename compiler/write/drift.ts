/** `intentc build --check`: compare emitted files with the output tree on disk, writing nothing. */
import { readFileSync } from "node:fs";
import type { Diagnostic } from "../diagnostic.js";
import { createDiagnostic } from "../diagnostics.js";
import { pathLoc, validateEmittedPaths, writeFailed, type OutputTarget } from "./paths.js";
import { scanTree, type ScannedTree } from "./tree.js";

/** One entry of a drift report. */
export interface DriftEntry {
  readonly path: string;
  readonly kind: "drifted" | "missing" | "extra" | "symlink";
}

/**
 * Compare `files` with the output dir on disk without writing anything (`intentc build --check`).
 * Returns one diagnostic per drifted (IC5507), missing (IC5508), extra (IC5509) or symlinked
 * (IC5501) file, sorted by path; empty when the tree matches. File modes are not compared
 * (checkouts apply their own umask); contents are compared byte for byte.
 */
export function checkTree(target: OutputTarget, files: ReadonlyMap<string, string>): Diagnostic[] {
  const pathDiags = validateEmittedPaths(files.keys(), target.outRel);
  if (pathDiags.length > 0) return pathDiags;
  let old: ScannedTree | undefined;
  try {
    old = scanTree(target.outAbs);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const reason = err.code
      ? `${err.code} ${err.syscall ?? ""} ${err.path ?? ""}`.trim()
      : String(e);
    return [createDiagnostic("output-write-failed", { reason }, pathLoc(target.outRel))];
  }
  return driftEntries(old, files).map((d) => {
    const shown = `${target.outRel}/${d.path}`;
    const name =
      d.kind === "symlink"
        ? "output-symlink"
        : d.kind === "drifted"
          ? "output-drifted"
          : d.kind === "missing"
            ? "output-missing"
            : "output-extra";
    return createDiagnostic(name, { path: shown }, pathLoc(shown));
  });
}

/** The drift between an existing tree (or none) and the emitted files, sorted by path. */
export function driftEntries(
  old: ScannedTree | undefined,
  files: ReadonlyMap<string, string>,
): DriftEntry[] {
  const out: DriftEntry[] = [];
  for (const [rel, text] of files) {
    const e = old?.get(rel);
    if (!e) out.push({ path: rel, kind: "missing" });
    else if (e.kind === "symlink") out.push({ path: rel, kind: "symlink" });
    else if (e.kind !== "file" || !readFileSync(e.abs).equals(Buffer.from(text, "utf8")))
      out.push({ path: rel, kind: "drifted" });
  }
  for (const [rel, e] of old ?? []) {
    if (e.kind === "dir" || files.has(rel)) continue;
    out.push({ path: rel, kind: e.kind === "symlink" ? "symlink" : "extra" });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
