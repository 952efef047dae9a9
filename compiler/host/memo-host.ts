/**
 * A host that reads each intent file once, as bytes: the driver hashes those bytes for the
 * incremental-build cache and decodes them only when it compiles (a no-op build never turns its
 * inputs into strings).
 */
import { join } from "node:path";
import { decodeUtf8 } from "../shared/utf8.js";
import { readRegularFile, type CompilerHost } from "../host.js";

/** A {@link CompilerHost} that also hands out the bytes it read. */
export interface MemoHost extends CompilerHost {
  readBytes(path: string): Buffer | undefined;
}

/** Wrap `base` (rooted at `root`) so every file is read at most once. */
export function memoHost(base: CompilerHost, root: string): MemoHost {
  const bytes = new Map<string, Buffer | undefined>();
  const texts = new Map<string, string | undefined>();
  const readBytes = (path: string): Buffer | undefined => {
    if (!bytes.has(path)) {
      // Regular files only, never through a link, never blocking on a FIFO (see host.ts).
      bytes.set(path, readRegularFile(join(root, path)));
    }
    return bytes.get(path);
  };
  return {
    listIntentFiles: (dir) => base.listIntentFiles(dir),
    ...(base.listSkipped ? { listSkipped: (dir: string) => base.listSkipped!(dir) } : {}),
    fileSize: (path) => base.fileSize(path),
    readBytes,
    readFile(path) {
      if (!texts.has(path)) {
        const bytes = readBytes(path);
        texts.set(path, bytes === undefined ? undefined : decodeUtf8(bytes));
      }
      return texts.get(path);
    },
  };
}
