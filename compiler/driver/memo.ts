/**
 * The build memo (emit/emitter.ts BuildMemo): results of pure computations by content key,
 * seeded from the last build's memo store (write/cache.ts) and recording what this build used,
 * which the driver stores for the next build.
 */
import type { BuildMemo } from "../emit/emitter.js";

/** A {@link BuildMemo} over values kept from an earlier build; `entries()` lists what this build used. */
export interface RecordingMemo extends BuildMemo {
  /** Every key this build looked up, with its value, sorted by key. */
  entries(): [string, unknown][];
}

/** Create a memo, seeded with the values of an earlier build (already parsed, untrusted shape). */
export function createBuildMemo(stored: ReadonlyMap<string, unknown> = new Map()): RecordingMemo {
  const used = new Map<string, unknown>();
  return {
    cached<T>(key: string, compute: () => T, valid: (value: unknown) => value is T): T {
      const hit = this.peek(key, valid);
      if (hit !== undefined) return hit;
      const value = compute();
      used.set(key, value);
      return value;
    },
    peek<T>(key: string, valid: (value: unknown) => value is T): T | undefined {
      const value = used.has(key) ? used.get(key) : stored.get(key);
      if (value === undefined || !valid(value)) return undefined;
      used.set(key, value);
      return value;
    },
    put(key: string, value: unknown): void {
      used.set(key, value);
    },
    entries: () => [...used.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  };
}
