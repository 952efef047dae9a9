/**
 * Pack integrity: `run` and `verify` derive a slice's pack from the intent at the base commit
 * (read from git objects, not the working tree) and refuse a committed pack that differs from it
 * in any field of slice.json or in any byte of any other pack file. The committed pack's own
 * `packHash` never vouches for itself: a slice.json widened to `writes: ["src/**"]` keeps its old
 * hash, and is refused here because its `writes` field differs from what the intent compiles to.
 */
import { join } from "node:path";
import { stableJson } from "../emit/code.js";
import { emitSlicePack } from "../emit/slice-packs.js";
import { createMemoryHost, MAX_FILE_BYTES } from "../host.js";
import { compile } from "../program.js";
import { gitOk, listTree } from "../governance/git.js";
import { readFileNoFollow } from "../governance/manifest.js";
import type { SlicePack } from "../governance/types.js";

/** The intent files of a commit under `dir` (repo-relative), read from git objects. */
export function intentAtCommit(
  repo: string,
  commit: string,
  dir = "intent",
): Record<string, string> {
  const files: Record<string, string> = {};
  const prefix = dir === "." ? "" : `${dir.replace(/\/+$/, "")}/`;
  for (const [path, e] of listTree(repo, commit)) {
    if (
      !path.startsWith(prefix) ||
      !path.endsWith(".intent.yaml") ||
      e.type !== "blob" ||
      e.mode === "120000"
    )
      continue;
    if (path.split("/").some((s) => s.startsWith(".") || s === "node_modules")) continue;
    if (e.size > MAX_FILE_BYTES) continue;
    files[path] = gitOk(repo, ["cat-file", "blob", e.oid]).toString("utf8");
  }
  return files;
}

const compiled = new Map<string, ReturnType<typeof compile>>();

/** The intent at a commit, compiled (cached per repo and commit: run and verify ask twice). */
function compileAtCommit(repo: string, commit: string, dir = "intent"): ReturnType<typeof compile> {
  const key = `${repo}\0${commit}\0${dir}`;
  let r = compiled.get(key);
  if (r === undefined) {
    r = compile(createMemoryHost(intentAtCommit(repo, commit, dir)), { dir });
    compiled.clear();
    compiled.set(key, r);
  }
  return r;
}

/** The system file's extra secret globs at a commit (`secrets:`), for the runner's mask list. */
export function secretPatternsAtCommit(
  repo: string,
  commit: string,
  dir = "intent",
): readonly string[] {
  return compileAtCommit(repo, commit, dir).program?.system.secrets ?? [];
}

/** The pack files (relative to the pack dir, slice.json included) the intent at `commit` gives a slice. */
export function packFilesAtCommit(
  repo: string,
  commit: string,
  sliceId: string,
  dir = "intent",
): Map<string, string> | string {
  const r = compileAtCommit(repo, commit, dir);
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (r.program === undefined || errors.length > 0)
    return `The intent at ${commit.slice(0, 12)} does not compile (${errors.length} error(s)); no pack can be derived from it.`;
  for (const domain of r.program.domains)
    for (const slice of domain.slices)
      if (slice.name === sliceId)
        return emitSlicePack(r.program, domain, slice, { report: () => {}, options: {} });
  return `The intent at ${commit.slice(0, 12)} has no slice '${sliceId}'.`;
}

/** Top-level fields of slice.json whose values differ (every field, `packHash` included). */
export function packFieldDifferences(committed: SlicePack, derived: SlicePack): string[] {
  const a = committed as unknown as Record<string, unknown>;
  const b = derived as unknown as Record<string, unknown>;
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .sort()
    .filter((k) => stableJson(a[k] ?? null) !== stableJson(b[k] ?? null));
}

/**
 * Check the committed pack of a slice (slice.json as loaded, and every other file on disk) against
 * the pack derived from the intent at `commit`. Returns an error message, or undefined when equal.
 */
export function checkPackAtCommit(
  repo: string,
  commit: string,
  pack: SlicePack,
  dir = "intent",
): string | undefined {
  const derived = packFilesAtCommit(repo, commit, pack.id, dir);
  if (typeof derived === "string") return derived;
  const json = derived.get("slice.json");
  if (json === undefined) return `No slice.json derived for '${pack.id}'.`;
  const fields = packFieldDifferences(pack, JSON.parse(json) as SlicePack);
  if (fields.length > 0)
    return `The committed pack of '${pack.id}' differs from what the intent at ${commit.slice(0, 12)} compiles to in ${fields.map((f) => `'${f}'`).join(", ")}. Refusing it; run 'intentc build' and commit the result.`;
  const packDir = join(repo, "generated", "slices", pack.id);
  for (const [rel, text] of derived) {
    if (rel === "slice.json") continue;
    const disk = readFileNoFollow(join(packDir, rel), 4 << 20);
    if (disk === undefined || !disk.equals(Buffer.from(text, "utf8")))
      return `The committed pack file 'generated/slices/${pack.id}/${rel}' differs from what the intent at ${commit.slice(0, 12)} compiles to. Refusing the pack; run 'intentc build' and commit the result.`;
  }
  return undefined;
}
