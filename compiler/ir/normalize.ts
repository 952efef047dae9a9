/**
 * Program → canonical JSON: locations removed, keys sorted, plus a content hash for the whole
 * program and for every element. The lock file and `intentc diff` are built on this.
 */
import { sha256Hex } from "../shared/hash.js";
import type { Domain, Program } from "./types.js";

/**
 * A deep copy of the program without source locations (also an expression's `scalar`: where it was
 * written), with sorted keys.
 */
export function normalizeProgram(program: Program): Program {
  return stripLocs(program) as Program;
}

function stripLocs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripLocs);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value as object).sort()) {
      if (
        k === "loc" ||
        k === "versionLoc" ||
        k === "contentLine" ||
        k === "contentColumn" ||
        (k === "scalar" && "contentLine" in value) ||
        k === "file"
      )
        continue;
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = stripLocs(v);
    }
    return out;
  }
  return value;
}

/** sha256 hex of the canonical JSON of a value (locations removed). */
export function hashValue(value: unknown): string {
  return hashNormalized(stripLocs(value));
}

/**
 * {@link hashValue} of a value already normalized (the output of {@link normalizeProgram} or a part
 * of it): normalizing is idempotent, so this skips the second deep copy.
 */
export function hashNormalized(normalized: unknown): string {
  return sha256Hex(JSON.stringify(normalized));
}

/** The kinds of elements that get their own hash in the lock, with the domain collection holding them. */
const ELEMENT_COLLECTIONS = [
  ["type", "types"],
  ["entity", "entities"],
  ["event", "events"],
  ["machine", "machines"],
  ["invariant", "invariants"],
  ["api", "apis"],
  ["flow", "flows"],
  ["slice", "slices"],
] as const;

/**
 * Content hash per element, keyed `domain/kind/name`, in sorted key order. Pass `normalized` when
 * the program is already normalized ({@link normalizeProgram}) to skip copying every element again.
 */
export function elementHashes(program: Program, normalized = false): Record<string, string> {
  const hash = normalized ? hashNormalized : hashValue;
  const out: Record<string, string> = {};
  for (const d of program.domains) {
    for (const [kind, coll] of ELEMENT_COLLECTIONS) {
      for (const el of (d as Domain)[coll] as readonly { name: string }[]) {
        out[`${d.name}/${kind}/${el.name}`] = hash(el);
      }
    }
  }
  for (const t of program.riskTiers) out[`system/risk-tier/${t.name}`] = hash(t);
  for (const g of program.gates) out[`system/gate/${g.name}`] = hash(g);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
