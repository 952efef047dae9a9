/**
 * The run store: `<repo>/.intentc/runs/<run-id>/`, outside anything an agent can see. Holds
 * run.json, the candidate patch and changed files, evidence.json, EVIDENCE.md and approvals.json.
 * Every write is atomic (temp file + rename) and never follows a symlink.
 */
import { randomBytes } from "node:crypto";
import { lstatSync, mkdirSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readFileNoFollow } from "./manifest.js";
import type { Approval, Evidence } from "./evidence.js";
import type { EntryType } from "./types.js";

/** Run ids are `<slice>-<yyyymmddThhmmss>-<hex>`: no separators, safe as a directory name. */
export const RUN_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,80}-\d{8}T\d{6}-[0-9a-f]{6}$/;

/** A changed file recorded for promotion. */
export interface RecordedChange {
  readonly path: string;
  readonly status: "added" | "modified" | "deleted" | "mode-changed" | "type-changed";
  /** Git file mode of the new content (100644 or 100755); absent for deletions. */
  readonly mode?: string;
  /** Git blob id of the new content; absent for deletions. */
  readonly oid?: string;
  /** File under the run dir's `files/` holding the new content. */
  readonly blob?: string;
}

/** `run.json`: what promotion needs, written by the host after the run. */
export interface RunRecord {
  readonly format: 1;
  readonly runId: string;
  readonly slice: string;
  readonly base: string;
  readonly result: Evidence["result"];
  readonly agentName: string;
  readonly approvalsRequired: number;
  readonly changes: readonly RecordedChange[];
  /** Tree and commit of the candidate built in the run's own clone (absent when rejected). */
  readonly candidateTree?: string;
  readonly candidateCommit?: string;
}

/** Create a new run id for a slice. */
export function newRunId(slice: string, now = new Date()): string {
  const ts = now.toISOString().replace(/[-:]/g, "").replace(/\..*$/, "");
  return `${slice}-${ts}-${randomBytes(3).toString("hex")}`;
}

/** Make `rel` (POSIX, under `root`) a real directory chain, refusing any symlink on the way. */
export function ensureDirInside(root: string, rel: string): string {
  let cur = root;
  for (const seg of rel.split("/").filter(Boolean)) {
    if (seg === "." || seg === "..") throw new Error(`unsafe path '${rel}'`);
    cur = join(cur, seg);
    let st;
    try {
      st = lstatSync(cur);
    } catch {
      mkdirSync(cur, { mode: 0o755 });
      continue;
    }
    if (!st.isDirectory() || st.isSymbolicLink())
      throw new Error(`'${cur}' is not a plain directory`);
  }
  return cur;
}

/** Write a file under `root` atomically without following (or replacing) a symlink at any component. */
export function writeFileInside(
  root: string,
  rel: string,
  content: string | Buffer,
  mode = 0o644,
): void {
  const parts = rel.split("/");
  const dir = ensureDirInside(root, parts.slice(0, -1).join("/"));
  const target = join(dir, parts[parts.length - 1]);
  let existing;
  try {
    existing = lstatSync(target);
  } catch {
    existing = undefined;
  }
  if (existing?.isSymbolicLink())
    throw new Error(`'${target}' is a symlink; refusing to replace or follow it`);
  const tmp = join(dir, `.intentc-tmp-${randomBytes(6).toString("hex")}`);
  writeFileSync(tmp, content, { flag: "wx", mode });
  try {
    renameSync(tmp, target);
  } catch (e) {
    unlinkSync(tmp);
    throw e;
  }
}

/** The runs dir of a repo (created on demand). */
export function runsDir(repo: string): string {
  return ensureDirInside(repo, ".intentc/runs");
}

/** The dir of an existing run, or undefined when the id is malformed or unknown. */
export function getRunDir(repo: string, runId: string): string | undefined {
  if (!RUN_ID_PATTERN.test(runId)) return undefined;
  const dir = join(repo, ".intentc", "runs", runId);
  try {
    const st = lstatSync(dir);
    return st.isDirectory() ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** Read a JSON file of the run store (never through a symlink). */
export function readJsonFile<T>(path: string): T | undefined {
  const buf = readFileNoFollow(path, 16 << 20);
  if (buf === undefined) return undefined;
  try {
    return JSON.parse(buf.toString("utf8")) as T;
  } catch {
    return undefined;
  }
}

/** Approvals recorded for a run. */
export function readApprovals(runDir: string): Approval[] {
  return readJsonFile<Approval[]>(join(runDir, "approvals.json")) ?? [];
}

/** Git file mode for a manifest entry type and mode. */
export function gitModeOf(type: EntryType, mode: number): string {
  return type === "symlink" ? "120000" : (mode & 0o100) !== 0 ? "100755" : "100644";
}
