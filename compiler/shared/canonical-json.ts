/**
 * Canonical JSON, in one place: object keys sorted recursively, members whose value is
 * `undefined` left out, arrays in order. Two spellings of the same canonical form: pretty
 * (`stableJson`, for files) and compact (`canonicalJson`, for keys and hashes).
 */
import { escapeJsonText } from "./escape.js";

/** Recursively sort object keys and drop undefined members (arrays keep their order). */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/**
 * Deterministic JSON for files: canonical, 2-space indent, trailing newline; bidi, zero-width and
 * C1 characters written as `\uXXXX` escapes (same value, nothing hidden from a reviewer).
 */
export function stableJson(value: unknown): string {
  return escapeJsonText(JSON.stringify(sortKeys(value), null, 2)) + "\n";
}

/**
 * Compact canonical JSON (`undefined` alone is `null`): equal exactly when
 * `JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b))`, without building the copy. The
 * runtime's reference models key states with the same function, so it lives in runtime/.
 */
export { canonicalJson } from "../../runtime/model.js";
