/**
 * Contract validators at run time. Generated validators.js modules hold, per contract, a
 * function that checks a value (the fast path, no allocation); a rejected value is walked for its
 * issues by runtime/walk.ts. This module holds what both call: issue templates and appenders,
 * string length in code points, deep equality of JSON values. Also wraps standalone ajv
 * functions ({@link createValidator}).
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

/** A typed validator wrapping a standalone ajv function: its `errors` become issues. */
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
    let path = pointerToPath(e.instancePath);
    if (e.keyword === "required" && typeof e.params.missingProperty === "string") {
      path = [...path, e.params.missingProperty];
    } else if (
      e.keyword === "additionalProperties" &&
      typeof e.params.additionalProperty === "string"
    ) {
      path = [...path, e.params.additionalProperty];
    }
    out.push(issueOf(e.keyword, e.params, path));
  }
  return out;
}

/** The issue of one failed keyword, with ajv's error params (plus the names messages read). */
function issueOf(
  keyword: string,
  ajvParams: Readonly<Record<string, unknown>>,
  path: IssuePath,
): Issue {
  const code = Object.hasOwn(KEYWORD_CODES, keyword) ? KEYWORD_CODES[keyword] : "invalid";
  const params: Record<string, unknown> = { ...ajvParams };
  if (keyword === "type") params.expected = ajvParams.type;
  if (keyword === "enum" || keyword === "const")
    params.allowed = ajvParams.allowedValues ?? [ajvParams.allowedValue];
  if (keyword === "exclusiveMinimum" || keyword === "exclusiveMaximum") params.exclusive = true;
  if (keyword === "multipleOf") params.multipleOf = ajvParams.multipleOf;
  return { code, path, message: issueMessage(code, params), params };
}

/** JSON Schema's data types, numbers finite (ajv's strictNumbers); false for an unknown type. */
export function hasType(type: string, d: unknown): boolean {
  switch (type) {
    case "string":
      return typeof d === "string";
    case "integer":
      return Number.isInteger(d);
    case "number":
      return typeof d === "number" && Number.isFinite(d);
    case "boolean":
      return typeof d === "boolean";
    case "null":
      return d === null;
    case "array":
      return Array.isArray(d);
    case "object":
      return typeof d === "object" && d !== null && !Array.isArray(d);
    default:
      return false;
  }
}

/**
 * The pair of equal items ajv reports first, as `[i, j]`: with scalar-typed items, scanning from
 * the end and skipping items of another type, the first item equal to a later one (`j` the later);
 * otherwise the last item equal to an earlier one (`j` the earlier). Unlike ajv, a string
 * `"__proto__"` counts like any other.
 */
function duplicateItems(
  a: readonly unknown[],
  t: string | undefined,
): [number, number] | undefined {
  if (t !== undefined && t !== "object" && t !== "array") {
    const seen = new Map<unknown, number>();
    for (let i = a.length; i--;) {
      if (!hasType(t, a[i])) continue;
      const j = seen.get(a[i]);
      if (j !== undefined) return [i, j];
      seen.set(a[i], i);
    }
    return undefined;
  }
  for (let i = a.length; i--;) for (let j = i; j--;) if (ajvEqual(a[i], a[j])) return [i, j];
  return undefined;
}

/** What an issue of one keyword at one place in a contract shares wherever it occurs. */
export interface IssueTemplate {
  readonly code: IssueCode;
  readonly message: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/**
 * The shared part of the issue a failed keyword gives (`params` as ajv reports them); generated
 * validators build one per keyword occurrence when they load.
 * @example const $t0 = issueTemplate("maximum", { comparison: "<=", limit: 10 });
 */
export function issueTemplate(
  keyword: string,
  params: Readonly<Record<string, unknown>>,
): IssueTemplate {
  const { code, message, params: p } = issueOf(keyword, params, []);
  return Object.freeze({ code, message, params: Object.freeze(p ?? {}) });
}

/** Append the issue of `template` at `path` (a copy), or at `path` + `key` when given. */
export function addIssue(
  out: Issue[],
  template: IssueTemplate,
  path: readonly (string | number)[],
  key?: string,
): void {
  const at = path.slice();
  if (key !== undefined) at.push(key);
  out.push({ code: template.code, path: at, message: template.message, params: template.params });
}

/** Append the issue of an own property `key` that the contract does not list. */
export function addUnknownKey(out: Issue[], path: readonly (string | number)[], key: string): void {
  const at = path.slice();
  at.push(key);
  out.push(issueOf("additionalProperties", { additionalProperty: key }, at));
}

/**
 * Append the issue of the first pair of equal items ajv reports, if any (`itemType`: the `type`
 * written on the items' schema itself, not through a `$ref`, as ajv reads it).
 */
export function addDuplicateItems(
  out: Issue[],
  path: readonly (string | number)[],
  items: readonly unknown[],
  itemType: string | undefined,
): void {
  const dup = duplicateItems(items, itemType);
  if (dup !== undefined) out.push(issueOf("uniqueItems", { i: dup[0], j: dup[1] }, path.slice()));
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

/**
 * The deepest {@link ajvEqual} compares: values nesting deeper are never equal. Far above any
 * contract's depth (the compiler bounds that at 128 levels), so items that pass their contract
 * compare exactly; deeper data (or cyclic data, which is infinitely deep) already broke it.
 */
export const EQUAL_MAX_DEPTH = 4096;

/**
 * Deep equality of JSON values (uniqueItems, enum); ajv's generated code calls it. Without
 * recursion (an explicit stack), so no data exhausts the call stack, and in linear time: values
 * nested deeper than {@link EQUAL_MAX_DEPTH} levels count as unequal, so cyclic data terminates.
 */
export function ajvEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // Triples: x, y and the depth of the pair.
  const stack: unknown[] = [a, b, 0];
  while (stack.length > 0) {
    const depth = stack.pop() as number;
    const y = stack.pop();
    const x = stack.pop();
    if (x === y) continue;
    if (typeof x !== "object" || typeof y !== "object" || x === null || y === null) {
      if (x !== x && y !== y) continue;
      return false;
    }
    if (depth >= EQUAL_MAX_DEPTH || Array.isArray(x) !== Array.isArray(y)) return false;
    if (Array.isArray(x)) {
      const ya = y as unknown[];
      if (x.length !== ya.length) return false;
      for (let i = x.length; i--;) stack.push(x[i], ya[i], depth + 1);
      continue;
    }
    const xo = x as Record<string, unknown>;
    const yo = y as Record<string, unknown>;
    const ka = Object.keys(xo);
    if (ka.length !== Object.keys(yo).length) return false;
    for (let i = ka.length; i--;) {
      const k = ka[i];
      if (!Object.prototype.hasOwnProperty.call(yo, k)) return false;
      stack.push(xo[k], yo[k], depth + 1);
    }
  }
  return true;
}
