/**
 * ts-morph (and the TypeScript compiler inside it) loaded on first use, synchronously. Loading
 * it costs about half a second, so `intentc check`/`explore` only pay when an expression must
 * actually be parsed or type-checked — not when every result comes from the expression cache.
 */
import { createRequire } from "node:module";

type TsMorph = typeof import("ts-morph");

let loaded: TsMorph | undefined;
let version: string | undefined;

/** The ts-morph module (CommonJS, required on first call). */
export function tsMorph(): TsMorph {
  loaded ??= createRequire(import.meta.url)("ts-morph") as TsMorph;
  return loaded;
}

/** The `ts` namespace of ts-morph's TypeScript (loads ts-morph on first call). */
export function tsApi(): TsMorph["ts"] {
  return tsMorph().ts;
}

/** Whether ts-morph has been loaded in this process (tests use it to prove a warm run skips it). */
export function tsMorphLoaded(): boolean {
  return loaded !== undefined;
}

/** The installed ts-morph version, read from its package.json without loading the module. */
export function tsMorphVersion(): string {
  if (version !== undefined) return version;
  try {
    version = String(
      (createRequire(import.meta.url)("ts-morph/package.json") as { version?: unknown }).version,
    );
  } catch {
    // not resolvable: loading ts-morph will fail loudly anyway
    version = "unknown";
  }
  return version;
}
