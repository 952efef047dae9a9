/**
 * Load a committed slice pack (`generated/slices/<id>/slice.json`) from the repo — never from the
 * agent's tree — and validate it against the published schema before trusting any field.
 */
import { join } from "node:path";
import Ajv2020Module from "ajv/dist/2020.js";
import type { ErrorObject, Options, ValidateFunction } from "ajv";
import { readFileNoFollow } from "./manifest.js";
import { isSafeRelPath } from "./scope.js";
import { sliceSchema } from "./schemas/slice.schema.js";
import type { SlicePack } from "./types.js";

const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ??
  Ajv2020Module) as unknown as new (options: Options) => {
  compile(schema: object): ValidateFunction;
};

// Process-wide lazy load of a constant: the compiled validator of the slice.json schema.
let validateSlice: ValidateFunction | undefined;

/** Validate parsed JSON against the slice.json schema; returns error lines (empty when valid). */
export function checkSlicePack(value: unknown): string[] {
  validateSlice ??= new Ajv2020({ allErrors: true, strict: false }).compile(sliceSchema);
  if (validateSlice(value)) return [];
  return (validateSlice.errors ?? []).map(
    (e: ErrorObject) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`,
  );
}

/** Slice ids are names from intent: letters, digits, '-' and '_'. */
export const SLICE_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,80}$/;

/** Load and validate a slice pack; a string is a user-facing error. */
export function loadPack(repo: string, sliceId: string): SlicePack | string {
  if (!SLICE_ID_PATTERN.test(sliceId)) return `'${sliceId}' is not a valid slice id.`;
  const rel = `generated/slices/${sliceId}/slice.json`;
  const buf = readFileNoFollow(join(repo, rel), 4 << 20);
  if (buf === undefined)
    return `No slice pack at '${rel}'. Run 'intentc build' first (is '${sliceId}' a slice?).`;
  let value: unknown;
  try {
    value = JSON.parse(buf.toString("utf8"));
  } catch (e) {
    return `'${rel}' is not valid JSON: ${(e as Error).message}`;
  }
  const errors = checkSlicePack(value);
  if (errors.length > 0)
    return `'${rel}' does not match the slice schema:\n  ${errors.join("\n  ")}`;
  const pack = value as SlicePack;
  if (pack.id !== sliceId) return `'${rel}' describes slice '${pack.id}', not '${sliceId}'.`;
  const bad = [...pack.writeRoots, ...pack.hide, ...Object.values(pack.native)].find(
    (p) => !isSafeRelPath(p),
  );
  if (bad !== undefined) return `'${rel}' holds an unsafe path '${bad}'.`;
  return pack;
}
