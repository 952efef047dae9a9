/**
 * What `run` records and checks around each agent attempt (governance/run.ts): the attempt's
 * output streams, the manifest diff checked against the slice's scope, secret values left in
 * changed files, and the agent's notes — capped, never followed, secrets redacted.
 */
import { join } from "node:path";
import { captureStream, redact } from "./record.js";
import { runGit, splitZ } from "./git.js";
import { diffManifests, readFileNoFollow, takeManifest, type Manifest } from "./manifest.js";
import { checkChanges, type PolicyResult } from "./policy.js";
import type { ExecResult } from "./sandbox.js";
import type { AgentAttempt, Evidence } from "./evidence.js";
import { writeFileInside } from "./store.js";
import type { FileChange, SlicePack, Violation } from "./types.js";

const NOTES_FILES = { notes: "notes.md", scopeRequest: "scope-request.md" } as const;

/** Rewrite every regular file under `dir` with the secret values redacted (no-op without secrets). */
export function redactTree(dir: string, secrets: Readonly<Record<string, string>>): void {
  if (Object.keys(secrets).length === 0) return;
  for (const [rel, e] of takeManifest(dir)) {
    if (e.type !== "file") continue;
    const text = readFileNoFollow(join(dir, rel), 64 << 20);
    if (text === undefined) continue;
    const clean = redact(text.toString("utf8"), secrets);
    if (clean !== text.toString("utf8")) writeFileInside(dir, rel, clean, 0o644);
  }
}

/** Changed files that contain the value of an env var passed into the sandbox (never committed). */
export function secretLeaks(
  worktree: string,
  files: readonly FileChange[],
  secrets: Readonly<Record<string, string>>,
  maxBytes: number,
): Violation[] {
  const values = Object.entries(secrets).filter(([, v]) => v.length >= 8);
  if (values.length === 0) return [];
  const out: Violation[] = [];
  for (const f of files) {
    if (f.type !== "file" || f.status === "deleted") continue;
    const content = readFileNoFollow(join(worktree, f.path), maxBytes);
    const hit = content === undefined ? undefined : values.find(([, v]) => content.includes(v));
    if (hit)
      out.push({
        path: f.path,
        rule: "secret-value",
        message: `'${f.path}' contains the value of ${hit[0]}, which was passed into the sandbox; it must never be committed.`,
      });
  }
  return out;
}

/** Store one attempt's stdout/stderr (capped, neutralised, secrets redacted) and summarise it. */
export function recordAgentRun(
  runDir: string,
  attempt: number,
  r: ExecResult,
  secrets: Readonly<Record<string, string>>,
): AgentAttempt {
  const stream = (name: "stdout" | "stderr", raw: Buffer) => {
    const c = captureStream(raw, secrets);
    const file = `agent/attempt-${attempt}.${name}.txt`;
    writeFileInside(runDir, file, c.text, 0o600);
    const lines = c.text.replace(/\n+$/, "").split("\n");
    const tail = c.text === "" ? "" : lines.slice(-20).join("\n").slice(-2048);
    return { file, bytes: c.bytes, truncated: c.truncated, tail };
  };
  return {
    attempt,
    exitCode: r.exitCode,
    timedOut: r.timedOut,
    durationMs: r.durationMs,
    stdout: stream("stdout", r.stdout),
    stderr: stream("stderr", r.stderr),
  };
}

/** Manifest diff of the worktree against the pre-run manifest, checked against the scope. */
export function checkRun(
  worktree: string,
  pre: Manifest,
  pack: SlicePack,
  algo: "sha1" | "sha256",
  skip: (rel: string) => boolean,
): PolicyResult {
  const post = takeManifest(worktree, { skip, objectFormat: algo });
  const changes = diffManifests(pre, post);
  const added = changes.filter((c) => c.after !== undefined).map((c) => c.path);
  const hidden = new Set<string>();
  if (added.length > 0) {
    // check-ignore only reads ignore patterns (agent-written text, never executed).
    const r = runGit(worktree, ["check-ignore", "-z", "--stdin"], {
      input: added.join("\0") + "\0",
    });
    if (r.status === 0) for (const p of splitZ(r.stdout)) hidden.add(p);
  }
  return checkChanges(changes, {
    writes: pack.writes,
    maxFileBytes: pack.limits.fileSizeBytes,
    hidden,
    tree: post.keys(),
  });
}

/** The agent's notes and scope request: regular files only, capped, never followed, secrets redacted. */
export function readAgentOut(
  outDir: string,
  secrets: Readonly<Record<string, string>>,
): Evidence["untrusted"] {
  const read = (name: string) => {
    const text = readFileNoFollow(join(outDir, name), 64 << 10)?.toString("utf8");
    return text === undefined ? undefined : redact(text, secrets);
  };
  const notes = read(NOTES_FILES.notes);
  const scopeRequest = read(NOTES_FILES.scopeRequest);
  return {
    ...(notes !== undefined ? { notes } : {}),
    ...(scopeRequest !== undefined ? { scopeRequest } : {}),
  };
}
