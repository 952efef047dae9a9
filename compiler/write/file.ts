/** Writing one file the user named (e.g. `explore --trace-out`): into a temp file, then renamed. */
import { randomBytes } from "node:crypto";
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

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
