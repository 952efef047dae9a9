/**
 * Output-path safety for the writer: the output dir must lie inside the project root, no
 * component of it may be a symbolic link (F01), and every emitted path must be a plain relative
 * POSIX path that cannot climb out of the output dir or collide with another one.
 */
import { lstatSync, readdirSync, realpathSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { Diagnostic } from "../diagnostic.js";
import { createDiagnostic } from "../diagnostics.js";
import type { Loc } from "../ir/types.js";

/** A validated output directory. */
export interface OutputTarget {
  /** Real path of the project root. */
  readonly root: string;
  /** Absolute path of the output dir (root + outRel). */
  readonly outAbs: string;
  /** Output dir relative to the root, POSIX separators (used in messages). */
  readonly outRel: string;
  /** Directory holding the output dir; temp trees, backups and the lock live here. */
  readonly parent: string;
  /** Last segment of the output dir. */
  readonly base: string;
}

/** A location for diagnostics about a path rather than a YAML node. */
export function pathLoc(file: string): Loc {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
}

/** POSIX form of a relative path. */
export function posix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}

/**
 * Resolve `out` (relative to `root`, or absolute) to an {@link OutputTarget}. Reports IC5502 when
 * it is not strictly inside the root (unless `allowOutside`: an output dir the user named),
 * IC5501 when the dir or any component between the root and
 * it is a symlink, IC5504 when it (or a component) is not a directory.
 */
export function resolveOutputTarget(
  root: string,
  out: string,
  options: { readonly allowOutside?: boolean } = {},
): readonly [OutputTarget | undefined, Diagnostic[]] {
  let rootReal: string;
  try {
    rootReal = realpathSync(root);
  } catch {
    return [
      undefined,
      [createDiagnostic("output-outside-root", { path: out, root }, pathLoc(out))],
    ];
  }
  // Resolve lexically against the real root: `..` must not be able to step through a link.
  const outAbs = resolve(rootReal, out);
  const rel = relative(rootReal, outAbs);
  // Given explicitly, an output dir outside the project is its parent's (components above it
  // are the user's choice; the dir itself is still checked).
  if (rel !== "" && options.allowOutside === true && (rel.startsWith("..") || isAbsolute(rel))) {
    return resolveOutputTarget(dirname(outAbs), basename(outAbs));
  }
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) {
    const d =
      rel === ""
        ? createDiagnostic(
            "output-unsafe-path",
            { path: out, reason: "the output directory cannot be the project root" },
            pathLoc(out),
          )
        : createDiagnostic("output-outside-root", { path: out, root }, pathLoc(out));
    return [undefined, [d]];
  }
  const outRel = posix(rel);
  const diag = checkComponents(rootReal, outRel);
  if (diag) return [undefined, [diag]];
  return [{ root: rootReal, outAbs, outRel, parent: dirname(outAbs), base: basename(outAbs) }, []];
}

/**
 * Resolve a directory that is only read (the intent dir) inside the root; undefined with IC5502
 * when it escapes.
 */
export function resolveInsideRoot(
  root: string,
  dir: string,
): readonly [string | undefined, Diagnostic[]] {
  const abs = resolve(root, dir);
  const rel = relative(root, abs);
  if (rel.startsWith("..") || isAbsolute(rel)) {
    return [
      undefined,
      [createDiagnostic("output-outside-root", { path: dir, root }, pathLoc(dir))],
    ];
  }
  return [rel === "" ? "." : posix(rel), []];
}

/** lstat every component from the root down to `rel`; the first symlink or non-directory wins. */
function checkComponents(root: string, rel: string): Diagnostic | undefined {
  const segs = rel.split("/");
  let cur = root;
  for (let i = 0; i < segs.length; i++) {
    cur = join(cur, segs[i]);
    const shown = segs.slice(0, i + 1).join("/");
    let st;
    try {
      st = lstatSync(cur);
    } catch {
      return undefined; // the rest does not exist yet; the writer creates it
    }
    if (st.isSymbolicLink())
      return createDiagnostic("output-symlink", { path: shown }, pathLoc(shown));
    if (!st.isDirectory())
      return createDiagnostic("output-not-directory", { path: shown }, pathLoc(shown));
  }
  return undefined;
}

/** Why an emitted path is unsafe, or undefined when it is a plain relative POSIX path. */
export function unsafePathReason(path: string): string | undefined {
  if (path === "") return "the path is empty";
  if (path.includes("\0")) return "the path contains a NUL character";
  if (path.includes("\\")) return "the path contains a backslash";
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) return "the path is absolute";
  if (path.length > 1024) return "the path is longer than 1024 characters";
  for (const seg of path.split("/")) {
    if (seg === "") return "the path has an empty segment";
    if (seg === "." || seg === "..") return `the path has a '${seg}' segment`;
    if (Buffer.byteLength(seg, "utf8") > 255) return "a path segment is longer than 255 bytes";
  }
  return undefined;
}

/**
 * Validate every emitted path: unsafe paths (IC5503), a file that is also another file's
 * directory, and two paths equal except for case (they collide on macOS and Windows checkouts).
 * `outRel` prefixes the paths shown in messages.
 */
export function validateEmittedPaths(paths: Iterable<string>, outRel: string): Diagnostic[] {
  const diags: Diagnostic[] = [];
  const shown = (p: string) => `${outRel}/${p}`;
  const files = new Set<string>();
  const folded = new Map<string, string>();
  for (const p of paths) {
    const reason = unsafePathReason(p);
    if (reason) {
      diags.push(
        createDiagnostic("output-unsafe-path", { path: shown(p), reason }, pathLoc(shown(p))),
      );
      continue;
    }
    files.add(p);
    const key = p.toLowerCase();
    const other = folded.get(key);
    if (other !== undefined && other !== p) {
      const reason = `it differs from '${other}' only in case, so they collide on case-insensitive file systems`;
      diags.push(
        createDiagnostic("output-unsafe-path", { path: shown(p), reason }, pathLoc(shown(p))),
      );
    } else folded.set(key, p);
  }
  for (const p of files) {
    const segs = p.split("/");
    for (let i = 1; i < segs.length; i++) {
      const prefix = segs.slice(0, i).join("/");
      if (files.has(prefix)) {
        const reason = `'${prefix}' is also emitted as a file`;
        diags.push(
          createDiagnostic("output-unsafe-path", { path: shown(p), reason }, pathLoc(shown(p))),
        );
        break;
      }
    }
  }
  return diags;
}

/** IC5506 for an I/O error, with paths shown relative to the project root. */
export function writeFailed(target: OutputTarget, e: unknown): Diagnostic[] {
  const err = e as NodeJS.ErrnoException;
  const where = err.path ? posix(relative(target.root, err.path)) : "";
  const reason = err.code ? `${err.code} ${err.syscall ?? ""} ${where}`.trim() : String(e);
  return [createDiagnostic("output-write-failed", { reason }, pathLoc(target.outRel))];
}

/**
 * Guards before replacing the output dir: it must not be or contain the intent dir (IC5511), and
 * an existing non-empty dir must hold a regular `intent.lock.json`, the mark of intentc output
 * (IC5510), so a mistyped `--out src` can never swap away hand-written code.
 */
export function checkReplaceable(target: OutputTarget, intentDir: string): Diagnostic[] {
  const out = target.outRel;
  if (intentDir === out || intentDir.startsWith(`${out}/`)) {
    return [createDiagnostic("output-overlaps-intent", { out, dir: intentDir }, pathLoc(out))];
  }
  let names: string[];
  try {
    names = readdirSync(target.outAbs);
  } catch {
    return [];
  }
  if (names.length === 0) return [];
  try {
    if (lstatSync(join(target.outAbs, "intent.lock.json")).isFile()) return [];
  } catch {
    // no lock: not ours
  }
  return [createDiagnostic("output-not-generated", { path: out }, pathLoc(out))];
}
