/**
 * Slice rules: scopes stay inside the repository and away from control paths (G01), write
 * scopes of different slices are disjoint (G09), and every slice's risk tier runs gates.
 *
 * Overlap of two globs is decided segment by segment (see {@link globsOverlap}): a `**`
 * segment absorbs zero or more segments of the other glob; two ordinary segments overlap when
 * they are equal, when one is literal and the other glob matches it (compiler/shared/glob.ts, linear
 * time), or, when both
 * hold wildcards, when their literal prefixes and suffixes are compatible (`*.ts` vs `*.js` are
 * disjoint, `*.ts` vs `api.*` overlap). The answer errs on the side of "overlap" only for
 * segments with wildcards in the middle, which is the safe side for a scope check. Segments are
 * compared case-folded and NFC-normalised (control-paths.ts `foldName`).
 *
 * A glob must be canonical (`src/feature/**`, never `./src/feature/**` or `src//feature/**`),
 * name no control path (the shared list of compiler/shared/control-paths.ts, compared folded), hold no
 * segment that aliases on another file system (compiler/shared/fs-names.ts) and stay within the
 * matcher's complexity bound.
 */
import type { DiagnosticCollector } from "../diagnostics.js";
import {
  CONTROL_PATHS as SHARED_CONTROL_PATHS,
  controlSegment,
  foldName,
} from "../shared/control-paths.js";
import { aliasProblem } from "../shared/fs-names.js";
import {
  canonicalGlob,
  compileGlob,
  expandBraces,
  matchSegment,
  MAX_GLOB_LENGTH,
} from "../shared/glob.js";
import type { Program, Slice } from "../ir/types.js";
import type { Locator } from "./locate.js";

/** Paths that belong to people and intentc, never to a slice: the one list of control-paths.ts. */
export const CONTROL_PATHS: readonly string[] = SHARED_CONTROL_PATHS;

/** Why a scope glob is rejected, or undefined when it is acceptable. */
export type ScopeProblem =
  | { readonly kind: "unsupported"; readonly detail: string }
  | { readonly kind: "negated" }
  | { readonly kind: "escapes" }
  | { readonly kind: "too-broad" }
  | { readonly kind: "control"; readonly path: string }
  | { readonly kind: "not-canonical"; readonly canonical: string }
  | { readonly kind: "alias"; readonly segment: string; readonly detail: string }
  | { readonly kind: "too-complex" };

const GLOB_CHARS = /[*?[\]{}]/;

/** Split a glob into path segments ("./a//b/" → ["a", "b"]). */
export function globSegments(glob: string): string[] {
  return glob.split("/").filter((s) => s !== "" && s !== ".");
}

/** Classify one scope glob (G01); the first problem found wins. */
export function scopeProblem(glob: string): ScopeProblem | undefined {
  if (/[\u0000-\u001f\u007f]/.test(glob))
    return { kind: "unsupported", detail: "control characters" };
  if (/[@!+*?]\(/.test(glob))
    return { kind: "unsupported", detail: "extglob patterns such as '@(…)'" };
  const braces = glob.match(/\{[^}]*\}?/g) ?? [];
  if (braces.some((b) => b.includes("/") || b.slice(1).includes("{") || !b.endsWith("}"))) {
    return { kind: "unsupported", detail: "braces spanning '/' or nested braces" };
  }
  if (glob.startsWith("!")) return { kind: "negated" };
  if (
    glob.startsWith("/") ||
    glob.startsWith("~") ||
    glob.includes("\\") ||
    /^[A-Za-z]:/.test(glob)
  ) {
    return { kind: "escapes" };
  }
  const segs = globSegments(glob);
  if (segs.includes("..")) return { kind: "escapes" };
  if (segs.length === 0 || GLOB_CHARS.test(segs[0])) return { kind: "too-broad" };
  for (let i = 0; i < segs.length; i++) {
    const control = GLOB_CHARS.test(segs[i]) ? undefined : controlSegment(segs[i], i === 0);
    if (control) return { kind: "control", path: control };
  }
  if (canonicalGlob(glob) !== glob)
    return { kind: "not-canonical", canonical: canonicalGlob(glob) };
  for (const seg of segs) {
    for (const alt of expandBraces(seg) ?? [seg]) {
      const detail = aliasProblem(alt, { glob: true });
      if (detail !== undefined) return { kind: "alias", segment: seg, detail };
    }
  }
  if (compileGlob(glob) === undefined || glob.length > MAX_GLOB_LENGTH)
    return { kind: "too-complex" };
  return undefined;
}

/** Run the slice rules. */
export function checkSlices(program: Program, diags: DiagnosticCollector, locator: Locator): void {
  const valid = new Map<Slice, string[]>();
  const slices = program.domains.flatMap((d) => d.slices);
  for (const slice of slices) {
    const ok: string[] = [];
    for (const [scope, globs] of [
      ["write", slice.writes],
      ["read", slice.reads],
    ] as const) {
      globs.forEach((glob, i) => {
        const problem = scopeProblem(glob);
        if (problem === undefined) {
          if (scope === "write") ok.push(glob);
          return;
        }
        const args = { scope, glob, slice: slice.name };
        const at = locator.at(slice.loc, [
          "slices",
          slice.name,
          scope === "write" ? "writes" : "reads",
          i,
        ]);
        if (problem.kind === "unsupported")
          diags.report("scope-unsupported-glob", { ...args, detail: problem.detail }, at);
        else if (problem.kind === "negated") diags.report("scope-negated", args, at);
        else if (problem.kind === "escapes") diags.report("scope-escapes-repo", args, at);
        else if (problem.kind === "too-broad") diags.report("scope-too-broad", args, at);
        else if (problem.kind === "not-canonical")
          diags.report("scope-not-canonical", { ...args, canonical: problem.canonical }, at);
        else if (problem.kind === "alias")
          diags.report(
            "scope-alias-name",
            { ...args, segment: problem.segment, detail: problem.detail },
            at,
          );
        else if (problem.kind === "too-complex") diags.report("scope-too-complex", args, at);
        else diags.report("scope-control-path", { ...args, path: problem.path }, at);
      });
    }
    valid.set(slice, ok);
    const tier = program.riskTiers.find((t) => t.name === slice.risk);
    if (tier && tier.gates.length === 0) {
      const at = locator.at(slice.loc, ["slices", slice.name, "risk"]);
      diags.report("risk-tier-without-gates", { slice: slice.name, tier: tier.name }, at);
    }
  }
  // G09: report each overlapping pair once, at the later slice's overlapping glob. Each glob is
  // split and folded once, not once per pair of slices.
  const folded = new Map<Slice, FoldedGlob[]>();
  for (const [slice, globs] of valid) folded.set(slice, globs.map(foldGlob));
  for (let j = 0; j < slices.length; j++) {
    for (let i = 0; i < j; i++) {
      const hit = firstOverlap(folded.get(slices[j]) ?? [], folded.get(slices[i]) ?? []);
      if (hit) {
        diags.report(
          "scope-overlap",
          { glob: hit[0], slice: slices[j].name, otherGlob: hit[1], other: slices[i].name },
          locator.at(slices[j].loc, [
            "slices",
            slices[j].name,
            "writes",
            slices[j].writes.indexOf(hit[0]),
          ]),
        );
      }
    }
  }
}

/** A glob and its folded segments. */
type FoldedGlob = readonly [glob: string, segments: readonly string[]];
const foldGlob = (glob: string): FoldedGlob => [glob, foldedSegments(glob)];

function firstOverlap(
  a: readonly FoldedGlob[],
  b: readonly FoldedGlob[],
): [string, string] | undefined {
  for (const [x, sx] of a) for (const [y, sy] of b) if (segmentListsOverlap(sx, sy)) return [x, y];
  return undefined;
}

/** True when some path could match both globs (segment-wise; see the module comment). */
export function globsOverlap(a: string, b: string): boolean {
  return segmentListsOverlap(foldedSegments(a), foldedSegments(b));
}

/**
 * A glob's segments, case-folded and NFC-normalised: `lib/feature/**` and `LIB/Feature/**`, or
 * NFC and NFD spellings of `café`, are one directory on macOS and Windows checkouts.
 */
function foldedSegments(glob: string): string[] {
  return globSegments(glob).map(foldGlobSegment);
}

/** {@link globsOverlap} on folded segments. */
function segmentListsOverlap(sa: readonly string[], sb: readonly string[]): boolean {
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const id = i * (sb.length + 1) + j;
    const cached = memo.get(id);
    if (cached !== undefined) return cached;
    let r: boolean;
    if (i === sa.length && j === sb.length) r = true;
    else if (i < sa.length && sa[i] === "**") r = go(i + 1, j) || (j < sb.length && go(i, j + 1));
    else if (j < sb.length && sb[j] === "**") r = go(i, j + 1) || (i < sa.length && go(i + 1, j));
    else if (i === sa.length || j === sb.length) r = false;
    else r = segmentsOverlap(sa[i], sb[j]) && go(i + 1, j + 1);
    memo.set(id, r);
    return r;
  };
  return go(0, 0);
}

/** A glob segment folded like a file name (wildcards kept; `**` untouched). */
function foldGlobSegment(seg: string): string {
  return seg === "**" ? seg : foldName(seg);
}

function segmentsOverlap(x: string, y: string): boolean {
  if (x === y) return true;
  for (const a of expandBraces(x) ?? [x]) {
    for (const b of expandBraces(y) ?? [y]) if (plainSegmentsOverlap(a, b)) return true;
  }
  return false;
}

function plainSegmentsOverlap(x: string, y: string): boolean {
  const gx = GLOB_CHARS.test(x);
  const gy = GLOB_CHARS.test(y);
  if (!gx && !gy) return x === y;
  if (!gx) return matchSegment(y, x);
  if (!gy) return matchSegment(x, y);
  const px = literalPrefix(x);
  const py = literalPrefix(y);
  const qx = literalSuffix(x);
  const qy = literalSuffix(y);
  return (px.startsWith(py) || py.startsWith(px)) && (qx.endsWith(qy) || qy.endsWith(qx));
}

function literalPrefix(seg: string): string {
  const i = seg.search(GLOB_CHARS);
  return i < 0 ? seg : seg.slice(0, i);
}

function literalSuffix(seg: string): string {
  let i = seg.length;
  while (i > 0 && !GLOB_CHARS.test(seg[i - 1])) i--;
  return seg.slice(i);
}
