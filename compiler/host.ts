/**
 * The compiler host: the only module that reads the disk. Tests use an in-memory host.
 */
import { readFileSync, readdirSync, lstatSync, existsSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { decodeUtf8 } from "./shared/utf8.js";

/** What the compiler needs from the outside world to read intent. */
export interface CompilerHost {
  /** Repo-relative POSIX paths of every `*.intent.yaml` under `dir`, sorted. */
  listIntentFiles(dir: string): string[];
  /** Read a file as UTF-8, or undefined when it does not exist. */
  readFile(path: string): string | undefined;
  /** Size of a file in bytes (checked before reading so huge files are never loaded). */
  fileSize(path: string): number;
}

/** Longest allowed intent file, in bytes. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** Normalize a path to POSIX separators. */
export function toPosix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}

/** A host over the real file system; paths are relative to `root`. Symlinked dirs are not followed. */
export function createNodeHost(root: string): CompilerHost {
  return {
    listIntentFiles(dir) {
      const base = join(root, dir);
      const out: string[] = [];
      const walk = (abs: string, depth: number) => {
        if (depth > 16) return;
        let entries: string[];
        try {
          entries = readdirSync(abs);
        } catch {
          return;
        }
        for (const name of entries.sort()) {
          if (name === "node_modules" || name.startsWith(".")) continue;
          const p = join(abs, name);
          const st = lstatSync(p);
          if (st.isDirectory()) walk(p, depth + 1);
          else if (st.isFile() && name.endsWith(".intent.yaml")) out.push(toPosix(relative(root, p)));
        }
      };
      if (existsSync(base)) walk(base, 0);
      return out.sort();
    },
    readFile(path) {
      try {
        return decodeUtf8(readFileSync(join(root, path)));
      } catch {
        return undefined;
      }
    },
    fileSize(path) {
      try {
        return lstatSync(join(root, path)).size;
      } catch {
        return 0;
      }
    },
  };
}

/** An in-memory host for tests: `{ "intent/orders.intent.yaml": "…" }`. */
export function createMemoryHost(files: Readonly<Record<string, string>>): CompilerHost {
  return {
    listIntentFiles(dir) {
      const prefix = dir === "." || dir === "" ? "" : dir.replace(/\/$/, "") + "/";
      return Object.keys(files)
        .filter((p) => p.startsWith(prefix) && p.endsWith(".intent.yaml"))
        .sort();
    },
    readFile(path) {
      return Object.prototype.hasOwnProperty.call(files, path) ? files[path] : undefined;
    },
    fileSize(path) {
      return Buffer.byteLength(files[path] ?? "", "utf8");
    },
  };
}
