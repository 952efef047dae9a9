/**
 * Wraps precompiled (ajv standalone) validators: ajv errors become {@link Issue}s with a closed
 * code and a path. Also holds the two helpers ajv's generated code calls (string length in code
 * points, deep equality), so generated validators import nothing but `intentc/runtime`.
 */
import type { Issue, IssueCode, IssuePath } from "./issues.js";
import { issueMessage } from "./issues.js";
import type { Result } from "./result.js";

/** The error object a standalone ajv validator reports (the subset we read). */
export interface AjvErrorLike {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** A standalone ajv validate function. */
export interface AjvValidateLike {
  (data: unknown): boolean;
  errors?: readonly AjvErrorLike[] | null;
}

/** A typed validator: any value in, a {@link Result} out. */
export type Validator<T> = (value: unknown) => Result<T>;

const KEYWORD_CODES: Readonly<Record<string, IssueCode>> = {
  type: "invalid_type",
  required: "required",
  additionalProperties: "unknown_key",
  minimum: "too_small",
  exclusiveMinimum: "too_small",
  maximum: "too_big",
  exclusiveMaximum: "too_big",
  multipleOf: "not_multiple_of",
  minLength: "too_short",
  maxLength: "too_long",
  pattern: "invalid_pattern",
  enum: "invalid_enum",
  const: "invalid_enum",
  minItems: "too_few_items",
  maxItems: "too_many_items",
  uniqueItems: "duplicate_items",
};

/**
 * Turn a standalone ajv function into a typed validator returning a Result.
 * @example export const validateMoney = createValidator<Money>(ajvMoney);
 */
export function createValidator<T>(validate: AjvValidateLike): Validator<T> {
  return (value: unknown): Result<T> => {
    if (validate(value)) return { ok: true, value: value as T };
    return { ok: false, issues: toIssues(validate.errors ?? []) };
  };
}

/** Map ajv errors to issues (codes from a closed set; paths as key/index arrays). */
export function toIssues(errors: readonly AjvErrorLike[]): Issue[] {
  const out: Issue[] = [];
  for (const e of errors) {
    const code = KEYWORD_CODES[e.keyword] ?? "invalid";
    let path = pointerToPath(e.instancePath);
    if (e.keyword === "required" && typeof e.params.missingProperty === "string") {
      path = [...path, e.params.missingProperty];
    } else if (e.keyword === "additionalProperties" && typeof e.params.additionalProperty === "string") {
      path = [...path, e.params.additionalProperty];
    }
    const params: Record<string, unknown> = { ...e.params };
    if (e.keyword === "type") params.expected = e.params.type;
    if (e.keyword === "enum" || e.keyword === "const") params.allowed = e.params.allowedValues ?? [e.params.allowedValue];
    if (e.keyword === "exclusiveMinimum" || e.keyword === "exclusiveMaximum") params.exclusive = true;
    if (e.keyword === "multipleOf") params.multipleOf = e.params.multipleOf;
    out.push({ code, path, message: issueMessage(code, params), params });
  }
  return out;
}

/** `/items/0/qty` → `["items", 0, "qty"]` (digit-only segments are array indices). */
export function pointerToPath(pointer: string): IssuePath {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

/** String length in Unicode code points (JSON Schema's definition); ajv's generated code calls it. */
export function ajvUcs2length(str: string): number {
  let length = 0;
  for (let i = 0; i < str.length; i++) {
    length++;
    const c = str.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < str.length) {
      const next = str.charCodeAt(i + 1);
      if ((next & 0xfc00) === 0xdc00) i++;
    }
  }
  return length;
}

/** Deep equality of JSON values (uniqueItems, enum); ajv's generated code calls it. */
export function ajvEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return a !== a && b !== b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => ajvEqual(x, b[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) => Object.prototype.hasOwnProperty.call(b, k) && ajvEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}
