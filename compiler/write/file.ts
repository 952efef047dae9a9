/** Writing one file the user named (e.g. `explore --trace-out`): into a temp file, then renamed. */
import { randomBytes } from "node:crypto";
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { writeFileInside } from "../governance/store.js";

/** Write `text` to `abs` atomically (parent dirs created); throws on I/O errors. */
export function writeFileAtomic(abs: string, text: string): void {
  mkdirSync(dirname(abs), { recursive: true });
  const tmp = join(dirname(abs), `.${basename(abs)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, abs);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * Write a file the user named (`--trace-out`): inside `cwd` no path component may be a symlink
 * (a planted link is refused, never followed); outside it (an explicit path) the file itself is
 * replaced by rename, never written through a link.
 */
export function writeOutputFile(cwd: string, path: string, text: string): void {
  const target = resolve(cwd, path);
  const rel = relative(cwd, target).split(sep).join("/");
  if (rel !== "" && !rel.startsWith("..") && !isAbsolute(rel)) writeFileInside(cwd, rel, text);
  else writeFileAtomic(target, text);
}
