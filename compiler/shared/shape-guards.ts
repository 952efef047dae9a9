/**
 * Type guards for values read back from untrusted storage (the build memo, earlier builds'
 * files): plain checks of JSON shapes, used before any such value reaches generated code.
 */

/** A JSON object (not null, not an array). */
export const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

export const isString = (v: unknown): v is string => typeof v === "string";

/** An array whose every element passes `f`. */
export const every = (v: unknown, f: (x: unknown) => boolean): boolean =>
  Array.isArray(v) && v.every(f);
