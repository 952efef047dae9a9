/**
 * Everything that leaves the sandbox leaves as plain data. {@link copyPlainTree} copies an
 * agent-writable tree (the agent's output folder) to the host: regular files only, read with
 * O_NOFOLLOW | O_NONBLOCK, written as new files with mode 0644 (directories 0755), each file and
 * the whole copy size-capped. Symlinks, devices, FIFOs, sockets, setuid/setgid/sticky entries,
 * names that alias on other file systems and anything over a cap are not copied: each is a
 * {@link Violation} for the evidence. The changed files of the worktree leave the same way (run.ts
 * reads them with readFileNoFollow and records 100644, or 100755 only for a file that was
 * executable at the base).
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { escapeText } from "../shared/escape.js";
import { pathAliasProblem } from "../shared/fs-names.js";
import { readFileNoFollow, statEntry } from "./manifest.js";
import { ensureDirInside, writeFileInside } from "./store.js";
import type { Violation } from "./types.js";

/** Caps of a plain copy. */
export interface PlainCopyLimits {
  readonly maxFileBytes: number;
  readonly maxTotalBytes: number;
  readonly maxEntries: number;
  readonly maxDepth: number;
}

/** Defaults for the agent's output folder. */
export const AGENT_OUT_LIMITS: PlainCopyLimits = {
  maxFileBytes: 1 << 20,
  maxTotalBytes: 8 << 20,
  maxEntries: 1000,
  maxDepth: 8,
};

/** What a plain copy did. */
export interface PlainCopyResult {
  /** Relative paths copied, sorted. */
  readonly copied: string[];
  readonly violations: Violation[];
}

/**
 * Copy `src` to `dest` as plain data. `label` prefixes paths in violations (e.g. `$INTENTC_OUT`).
 * Never follows a symlink in `src`; `dest` is created fresh by the caller.
 */
export function copyPlainTree(
  src: string,
  dest: string,
  label: string,
  limits: PlainCopyLimits = AGENT_OUT_LIMITS,
): PlainCopyResult {
  const copied: string[] = [];
  const violations: Violation[] = [];
  let total = 0;
  let entries = 0;
  const bad = (rel: string, rule: Violation["rule"], why: string) => {
    const path = `${label}/${rel}`;
    violations.push({
      path,
      rule,
      message: `'${escapeText(path)}' ${why}; it was not copied out of the sandbox.`,
    });
  };
  const walk = (rel: string, depth: number): void => {
    let names: string[];
    try {
      names = readdirSync(rel === "" ? src : join(src, rel)).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const childRel = rel === "" ? name : `${rel}/${name}`;
      if (++entries > limits.maxEntries) {
        bad(childRel, "too-large", `is past the limit of ${limits.maxEntries} entries`);
        return;
      }
      const e = statEntry(join(src, childRel), { hashLimit: 0 });
      if (e === undefined) continue;
      const alias = pathAliasProblem(name);
      if (alias !== undefined) {
        bad(
          childRel,
          "alias-name",
          `has a name that aliases on other file systems (${alias.reason})`,
        );
        continue;
      }
      if ((e.mode & 0o7000) !== 0) {
        bad(childRel, "setuid", "has the setuid, setgid or sticky bit");
        continue;
      }
      if (e.type === "dir") {
        if (depth >= limits.maxDepth)
          bad(childRel, "too-large", `is nested deeper than ${limits.maxDepth} levels`);
        else {
          ensureDirInside(dest, childRel);
          walk(childRel, depth + 1);
        }
        continue;
      }
      if (e.type === "symlink") {
        bad(childRel, "symlink", "is a symlink");
        continue;
      }
      if (e.type !== "file") {
        bad(childRel, "special-file", `is a ${e.type}, not a regular file`);
        continue;
      }
      if (e.size > limits.maxFileBytes || total + e.size > limits.maxTotalBytes) {
        bad(
          childRel,
          "too-large",
          `is ${e.size} bytes (caps: ${limits.maxFileBytes} per file, ${limits.maxTotalBytes} in all)`,
        );
        continue;
      }
      const buf = readFileNoFollow(join(src, childRel), limits.maxFileBytes);
      if (buf === undefined) {
        bad(childRel, "special-file", "could not be read as a regular file");
        continue;
      }
      total += buf.length;
      writeFileInside(dest, childRel, buf, 0o644);
      copied.push(childRel);
    }
  };
  walk("", 0);
  return { copied: copied.sort(), violations };
}
