/**
 * `intentc slice install <id>`: lay a slice pack's agent files into the developer's own checkout
 * at the native paths the pack names (slice.json `native`): the slice's section of AGENTS.md
 * (between its `<!-- intentc:begin slice=<id> … -->` and `<!-- intentc:end -->` markers; other
 * content and other slices' sections are kept), CLAUDE.md's `@AGENTS.md` line, the skill under
 * `.claude/skills/<id>/`, `.claude/settings.json` and the Cursor rule. Idempotent: a second run
 * writes nothing. Nothing else is touched; a differing `.claude/settings.json` or CLAUDE.md file
 * of the developer's is kept unless `--force`. Paths are written without following symlinks.
 */
import { existsSync, lstatSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { isSafeRelPath } from "../governance/scope.js";
import type { SlicePack } from "../governance/types.js";

/** What an install did, per native path. */
export interface InstallReport {
  readonly written: string[];
  readonly unchanged: string[];
  /** Paths kept because the developer's file differs (not replaced without --force). */
  readonly kept: string[];
  /** Problems that stopped a path from being written (symlinks, unsafe paths). */
  readonly refused: string[];
}

/** The AGENTS.md section of one slice, markers included; undefined when the text has none. */
export function agentsSection(
  text: string,
  slice: string,
): { start: number; end: number } | undefined {
  const begin = text.indexOf(`<!-- intentc:begin slice=${slice} `);
  if (begin < 0) return undefined;
  const endMarker = "<!-- intentc:end -->";
  const end = text.indexOf(endMarker, begin);
  if (end < 0) return undefined;
  let stop = end + endMarker.length;
  if (text[stop] === "\n") stop++;
  return { start: begin, end: stop };
}

/** AGENTS.md after installing `section` (the pack's fenced section) for `slice`. */
export function mergeAgentsMd(
  existing: string | undefined,
  section: string,
  slice: string,
): string {
  if (existing === undefined || existing === "") return section;
  const at = agentsSection(existing, slice);
  if (at !== undefined) return existing.slice(0, at.start) + section + existing.slice(at.end);
  const sep = existing.endsWith("\n\n") ? "" : existing.endsWith("\n") ? "\n" : "\n\n";
  return existing + sep + section;
}

/** CLAUDE.md after installing: the pack's import line added once, the rest kept. */
export function mergeClaudeMd(existing: string | undefined, packText: string): string {
  if (existing === undefined) return packText;
  const lines = packText.split("\n").filter((l) => l.trim() !== "");
  const have = new Set(existing.split("\n").map((l) => l.trim()));
  const missing = lines.filter((l) => !have.has(l.trim()));
  if (missing.length === 0) return existing;
  return (
    existing + (existing.endsWith("\n") || existing === "" ? "" : "\n") + missing.join("\n") + "\n"
  );
}

/** A path component on the way to `rel` (or `rel` itself) that is a symlink or not a directory. */
function blocked(root: string, rel: string): string | undefined {
  const parts = rel.split("/");
  for (let i = 1; i <= parts.length; i++) {
    const p = parts.slice(0, i).join("/");
    let st;
    try {
      st = lstatSync(join(root, p));
    } catch {
      return undefined;
    }
    if (st.isSymbolicLink()) return `${p} is a symlink`;
    if (i < parts.length && !st.isDirectory()) return `${p} is not a directory`;
    if (i === parts.length && !st.isFile()) return `${p} is not a regular file`;
  }
  return undefined;
}

function readText(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
}

/** Write through a temporary file and a rename (no partial files; never through a symlink). */
function writeAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.intentc-install-${process.pid}.tmp`);
  writeFileSync(tmp, text, { mode: 0o644 });
  renameSync(tmp, path);
}

/** Install the agent files of `pack` (read from `<root>/generated/slices/<id>/`) into `root`. */
export function installSlicePack(root: string, pack: SlicePack, force: boolean): InstallReport {
  const report: InstallReport = { written: [], unchanged: [], kept: [], refused: [] };
  const packDir = join(root, "generated", "slices", pack.id);
  for (const [from, to] of Object.entries(pack.native).sort(([, a], [, b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )) {
    if (!isSafeRelPath(from) || !isSafeRelPath(to)) {
      report.refused.push(`${to}: unsafe path`);
      continue;
    }
    const why = blocked(root, to) ?? blocked(root, `generated/slices/${pack.id}/${from}`);
    if (why !== undefined) {
      report.refused.push(`${to}: ${why}`);
      continue;
    }
    const source = readText(join(packDir, from));
    if (source === undefined) {
      report.refused.push(`${to}: the pack has no ${from} (run 'intentc build')`);
      continue;
    }
    const target = join(root, to);
    const before = readText(target);
    let next: string;
    if (to === "AGENTS.md") {
      const at = agentsSection(source, pack.id);
      if (at === undefined) {
        report.refused.push(`${to}: the pack's AGENTS.md has no section for '${pack.id}'`);
        continue;
      }
      next = mergeAgentsMd(before, source.slice(at.start, at.end), pack.id);
    } else if (to === "CLAUDE.md") {
      next = mergeClaudeMd(before, source);
    } else if (before !== undefined && before !== source && !force) {
      report.kept.push(to);
      continue;
    } else next = source;
    if (next === before) {
      report.unchanged.push(to);
      continue;
    }
    writeAtomic(target, next);
    report.written.push(to);
  }
  return report;
}
