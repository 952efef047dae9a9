/**
 * Contract validators at run time. Generated validators.js modules pair, per contract, a compiled
 * boolean check (the fast path, no allocation) with a compact description of the contract
 * ({@link ContractNode}); only a rejected value is walked again, by {@link explainContract}, which
 * reports every issue in the order ajv (allErrors) reports its errors. Also still wraps standalone
 * ajv functions ({@link createValidator} with one argument) and holds the helpers generated code
 * calls: string length in code points, deep equality of JSON values.
 */
import type { Issue, IssueCode, IssuePath } from "./issues.js";
import { issueMessage } from "./issues.js";
import type { Result } from "./result.js";
import { re2RegExp, type RegExpLike } from "./re2.js";

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
 * A contract as generated validators.js describes it for {@link explainContract}: the JSON Schema
 * keywords intentc's contracts use, with `$ref` resolved to a key of the module's contract table
 * and `properties` as `[name, node]` pairs (so no property name is ever an object-literal key).
 */
export interface ContractNode {
  readonly $ref?: string;
  readonly type?: "string" | "integer" | "number" | "boolean" | "null" | "array" | "object";
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly multipleOf?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly items?: ContractNode;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
  readonly required?: readonly string[];
  readonly properties?: readonly (readonly [string, ContractNode])[];
  readonly additionalProperties?: false;
}

/** Every contract a generated module checks (its own and those it reaches), by key. */
export type ContractTable = Readonly<Record<string, ContractNode>>;

/**
 * What a generated validators.js module hands the runtime: its contracts, and the matchers of
 * their patterns (compiled at build time; a pattern not listed runs on {@link re2RegExp}).
 */
export interface ContractModule {
  readonly contracts: ContractTable;
  /**
   * The compiled boolean check of each contract, by key: a value one of them accepts has no
   * issues there, so the walk skips it (only the rejected parts of a value are walked).
   */
  readonly checks?: ReadonlyMap<string, (value: unknown) => boolean>;
  readonly patterns?: ReadonlyMap<string, RegExpLike>;
}

/**
 * A generated contract function (validators.js `$check<N>`): with `out === null`, whether the
 * value conforms; with an issue list, appends every issue of the value at `path` (a stack it
 * pushes to and pops), in ajv's allErrors order.
 */
export type ContractFn = (value: unknown, path: (string | number)[] | null, out: Issue[] | null) => boolean;

/**
 * The typed validator of a generated contract function: an accepted value is returned as is (no
 * allocation but the result), a rejected one is walked again for its issues.
 * @example export const validateMoney = contractValidator($check3);
 */
export function contractValidator<T>(fn: ContractFn): Validator<T> {
  return (value: unknown): Result<T> => {
    if (fn(value, null, null)) return { ok: true, value: value as T };
    const issues: Issue[] = [];
    fn(value, [], issues);
    // The check and the walk are one function; a rejection never goes without an issue.
    if (issues.length === 0) issues.push(issueOf("invalid", {}, []));
    return { ok: false, issues };
  };
}

/**
 * A typed validator. With one argument, wraps a standalone ajv function (its `errors` become
 * issues). With three, `check` is a compiled boolean check of the contract `key` of `module`: an
 * accepted value is returned as is, a rejected one is explained by {@link explainContract}.
 * @example export const validateMoney = createValidator<Money>($check3, $module, "orders/Money");
 */
export function createValidator<T>(validate: AjvValidateLike): Validator<T>;
export function createValidator<T>(check: (value: unknown) => boolean, module: ContractModule, key: string): Validator<T>;
export function createValidator<T>(validate: AjvValidateLike | ((value: unknown) => boolean), module?: ContractModule, key?: string): Validator<T> {
  if (module !== undefined && key !== undefined) {
    const check = validate as (value: unknown) => boolean;
    contractAt(module.contracts, key);
    let explain: Explainer | undefined;
    return (value: unknown): Result<T> => {
      if (check(value)) return { ok: true, value: value as T };
      // The root is known to be rejected: its own check is not run again.
      explain ??= explainerOf(module, contractAt(module.contracts, key));
      const issues: Issue[] = [];
      explain(value, [], issues);
      // The check and the walk implement the same keywords; a disagreement is a generator bug,
      // and a rejection never goes without an issue.
      if (issues.length === 0) issues.push(issueOf("invalid", {}, []));
      return { ok: false, issues };
    };
  }
  const fn = validate as AjvValidateLike;
  return (value: unknown): Result<T> => {
    if (fn(value)) return { ok: true, value: value as T };
    return { ok: false, issues: toIssues(fn.errors ?? []) };
  };
}

/** Map ajv errors to issues (codes from a closed set; paths as key/index arrays). */
export function toIssues(errors: readonly AjvErrorLike[]): Issue[] {
  const out: Issue[] = [];
  for (const e of errors) {
    let path = pointerToPath(e.instancePath);
    if (e.keyword === "required" && typeof e.params.missingProperty === "string") {
      path = [...path, e.params.missingProperty];
    } else if (e.keyword === "additionalProperties" && typeof e.params.additionalProperty === "string") {
      path = [...path, e.params.additionalProperty];
    }
    out.push(issueOf(e.keyword, e.params, path));
  }
  return out;
}

/** The issue of one failed keyword, with ajv's error params (plus the names messages read). */
function issueOf(keyword: string, ajvParams: Readonly<Record<string, unknown>>, path: IssuePath): Issue {
  const code = Object.hasOwn(KEYWORD_CODES, keyword) ? KEYWORD_CODES[keyword] : "invalid";
  const params: Record<string, unknown> = { ...ajvParams };
  if (keyword === "type") params.expected = ajvParams.type;
  if (keyword === "enum" || keyword === "const") params.allowed = ajvParams.allowedValues ?? [ajvParams.allowedValue];
  if (keyword === "exclusiveMinimum" || keyword === "exclusiveMaximum") params.exclusive = true;
  if (keyword === "multipleOf") params.multipleOf = ajvParams.multipleOf;
  return { code, path, message: issueMessage(code, params), params };
}

function contractAt(table: ContractTable, key: string): ContractNode {
  if (!Object.hasOwn(table, key)) throw new Error(`intentc runtime: no contract '${key}' in the validators module`);
  return table[key];
}

/** Keywords checked only on numbers, strings, arrays and objects (ajv's rule groups). */
const NUMBER_KEYWORDS = ["maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum", "multipleOf"] as const;
const STRING_KEYWORDS = ["maxLength", "minLength", "pattern"] as const;
const ARRAY_KEYWORDS = ["maxItems", "minItems", "items", "uniqueItems"] as const;
const OBJECT_KEYWORDS = ["required", "additionalProperties", "properties"] as const;

function groupOf(type: ContractNode["type"]): readonly (keyof ContractNode)[] {
  switch (type) {
    case "integer":
    case "number":
      return NUMBER_KEYWORDS;
    case "string":
      return STRING_KEYWORDS;
    case "array":
      return ARRAY_KEYWORDS;
    case "object":
      return OBJECT_KEYWORDS;
    default:
      return [];
  }
}

/** JSON Schema's data types, numbers finite (ajv's strictNumbers). */
function hasType(type: string, d: unknown): boolean {
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

/** Appends the issues of a value at `path` (a stack the explainer pushes to and pops). */
type Explainer = (d: unknown, path: (string | number)[], out: Issue[]) => void;

/** Explainers by node, per module (a `$ref` resolves on first use, so cycles are fine). */
const explainers = new WeakMap<ContractModule, Map<ContractNode | string, Explainer>>();

/**
 * Every issue of `value` against the contract `key` of `module`, in the order ajv (allErrors,
 * ownProperties) reports its errors.
 */
export function explainContract(module: ContractModule, key: string, value: unknown): Issue[] {
  const out: Issue[] = [];
  explainerOf(module, contractAt(module.contracts, key))(value, [], out);
  return out;
}

/**
 * The explainer of one node, built once: an up-front type error when the type has no keywords of
 * its own (integer, boolean, null, a bare string…), then `enum`, then the type's keywords in ajv's
 * rule order (a type error last when they did not apply). Properties count only as own
 * properties whose value is not undefined.
 */
function explainerOf(module: ContractModule, node: ContractNode): Explainer {
  let cache = explainers.get(module);
  if (cache === undefined) explainers.set(module, (cache = new Map()));
  const ref = node.$ref;
  if (ref !== undefined) {
    const hit = cache.get(ref);
    if (hit !== undefined) return hit;
    let target: Explainer | undefined;
    const check = module.checks?.get(ref);
    const lazy: Explainer = (d, path, out) => {
      if (check !== undefined && check(d)) return;
      (target ??= explainerOf(module, contractAt(module.contracts, ref)))(d, path, out);
    };
    cache.set(ref, lazy);
    return lazy;
  }
  const hit = cache.get(node);
  if (hit !== undefined) return hit;
  const fn = buildExplainer(module, node);
  cache.set(node, fn);
  return fn;
}

/** An issue whose code, message and params depend only on the keyword: built once, shared (frozen). */
function sharedIssue(keyword: string, params: Record<string, unknown>): (path: readonly (string | number)[], out: Issue[]) => void {
  const { code, message, params: p } = issueOf(keyword, params, []);
  const shared = Object.freeze(p);
  return (path, out) => out.push({ code, path: path.slice(), message, params: shared });
}

function buildExplainer(module: ContractModule, node: ContractNode): Explainer {
  const type = node.type;
  const own = groupOf(type).filter((k) => node[k] !== undefined);
  const upfront = type !== undefined && (type === "integer" || own.length === 0);
  const group = type === "integer" ? "number" : type;
  const typeError = type === undefined ? undefined : sharedIssue("type", { type });
  const values = node.enum;
  const enumError = values === undefined ? undefined : sharedIssue("enum", { allowedValues: values });
  // The keywords of the type's group, in ajv's rule order (objects: one walk, see objectKeywords).
  const typed = group === "object" ? [objectKeywords(module, node)] : keywordSteps(module, node);
  const keywords: Explainer | undefined =
    own.length === 0 || group === undefined
      ? undefined
      : typed.length === 1
        ? typed[0]
        : (d, path, out) => {
            for (const step of typed) step(d, path, out);
          };
  return (d, path, out) => {
    if (upfront && !hasType(type, d)) typeError!(path, out);
    if (values !== undefined && !values.some((v) => (typeof v === "object" && v !== null ? ajvEqual(d, v) : d === v))) enumError!(path, out);
    if (keywords === undefined) return;
    if (hasType(group!, d)) keywords(d, path, out);
    else if (!upfront) typeError!(path, out);
  };
}

/** The checks of a number, string or array node's keywords, in ajv's rule order. */
function keywordSteps(module: ContractModule, node: ContractNode): Explainer[] {
  const typed: Explainer[] = [];
  const num = (k: "maximum" | "minimum" | "exclusiveMaximum" | "exclusiveMinimum", comparison: string, bad: (n: number, l: number) => boolean) => {
    const limit = node[k];
    if (limit === undefined) return;
    const e = sharedIssue(k, { comparison, limit });
    typed.push((d, path, out) => bad(d as number, limit) && e(path, out));
  };
  num("maximum", "<=", (n, l) => n > l);
  num("minimum", ">=", (n, l) => n < l);
  num("exclusiveMaximum", "<", (n, l) => n >= l);
  num("exclusiveMinimum", ">", (n, l) => n <= l);
  if (node.multipleOf !== undefined) {
    const m = node.multipleOf;
    const e = sharedIssue("multipleOf", { multipleOf: m });
    typed.push((d, path, out) => Number.isInteger((d as number) / m) || e(path, out));
  }
  if (node.maxLength !== undefined) {
    const limit = node.maxLength;
    const e = sharedIssue("maxLength", { limit });
    typed.push((d, path, out) => ajvUcs2length(d as string) > limit && e(path, out));
  }
  if (node.minLength !== undefined) {
    const limit = node.minLength;
    const e = sharedIssue("minLength", { limit });
    typed.push((d, path, out) => ajvUcs2length(d as string) < limit && e(path, out));
  }
  if (node.pattern !== undefined) {
    const pattern = node.pattern;
    const rx = module.patterns?.get(pattern) ?? re2RegExp(pattern, "u");
    const e = sharedIssue("pattern", { pattern });
    typed.push((d, path, out) => rx.test(d as string) || e(path, out));
  }
  if (node.maxItems !== undefined) {
    const limit = node.maxItems;
    const e = sharedIssue("maxItems", { limit });
    typed.push((d, path, out) => (d as unknown[]).length > limit && e(path, out));
  }
  if (node.minItems !== undefined) {
    const limit = node.minItems;
    const e = sharedIssue("minItems", { limit });
    typed.push((d, path, out) => (d as unknown[]).length < limit && e(path, out));
  }
  if (node.items !== undefined) {
    const item = explainerOf(module, node.items);
    typed.push((d, path, out) => {
      const a = d as unknown[];
      for (let i = 0; i < a.length; i++) {
        path.push(i);
        item(a[i], path, out);
        path.pop();
      }
    });
  }
  if (node.uniqueItems === true) {
    const items = node.items;
    typed.push((d, path, out) => {
      const dup = duplicateItems(d as unknown[], items);
      if (dup !== undefined) out.push(issueOf("uniqueItems", { i: dup[0], j: dup[1] }, path.slice()));
    });
  }
  return typed;
}

/**
 * An object node's keywords in one walk, in ajv's order: `required`, `additionalProperties`, then
 * `properties`. A property counts only as an own property whose value is not undefined. When
 * `required` lists properties in their order (as contracts/schema.ts writes it), each property is
 * read once: the missing required ones are reported as found and the present values kept for the
 * property walk.
 */
function objectKeywords(module: ContractModule, node: ContractNode): Explainer {
  const requiredNames = node.required ?? [];
  const required = requiredNames.map((name) => {
    const { code, message, params } = issueOf("required", { missingProperty: name }, []);
    return { name, code, message, params: Object.freeze(params) };
  });
  const props = (node.properties ?? []).map(([name, sub]) => ({ name, explain: explainerOf(module, sub) }));
  const known = node.additionalProperties === false ? new Set(props.map((p) => p.name)) : undefined;
  const unknownKeys = (o: Record<string, unknown>, path: (string | number)[], out: Issue[]) => {
    for (const key of Object.keys(o)) {
      if (!known!.has(key)) out.push(issueOf("additionalProperties", { additionalProperty: key }, [...path, key]));
    }
  };
  const names = props.map((p) => p.name);
  const inOrder = names.filter((n) => requiredNames.includes(n));
  const aligned = inOrder.length === requiredNames.length && inOrder.every((n, k) => n === requiredNames[k]);
  if (aligned) {
    const missing = props.map((p) => required.find((r) => r.name === p.name));
    return (d, path, out) => {
      const o = d as Record<string, unknown>;
      const values: unknown[] = new Array(props.length);
      for (let k = 0; k < props.length; k++) {
        const name = props[k].name;
        const v = o[name];
        if (v !== undefined && Object.hasOwn(o, name)) values[k] = v;
        else {
          const r = missing[k];
          if (r !== undefined) out.push({ code: r.code, path: [...path, name], message: r.message, params: r.params });
        }
      }
      if (known !== undefined) unknownKeys(o, path, out);
      for (let k = 0; k < props.length; k++) {
        const v = values[k];
        if (v === undefined) continue;
        path.push(props[k].name);
        props[k].explain(v, path, out);
        path.pop();
      }
    };
  }
  return (d, path, out) => {
    const o = d as Record<string, unknown>;
    for (const r of required) {
      if (o[r.name] === undefined || !Object.hasOwn(o, r.name)) out.push({ code: r.code, path: [...path, r.name], message: r.message, params: r.params });
    }
    if (known !== undefined) unknownKeys(o, path, out);
    for (const p of props) {
      const v = o[p.name];
      if (v === undefined || !Object.hasOwn(o, p.name)) continue;
      path.push(p.name);
      p.explain(v, path, out);
      path.pop();
    }
  };
}

/**
 * The pair of equal items ajv reports first, as `[i, j]`: with scalar-typed items, scanning from
 * the end and skipping items of another type, the first item equal to a later one (`j` the later);
 * otherwise the last item equal to an earlier one (`j` the earlier). Unlike ajv, a string
 * `"__proto__"` counts like any other.
 */
function duplicateItems(a: readonly unknown[], items: ContractNode | undefined): [number, number] | undefined {
  const t = items?.type;
  if (t !== undefined && t !== "object" && t !== "array") {
    const seen = new Map<unknown, number>();
    for (let i = a.length; i--; ) {
      if (!hasType(t, a[i])) continue;
      const j = seen.get(a[i]);
      if (j !== undefined) return [i, j];
      seen.set(a[i], i);
    }
    return undefined;
  }
  for (let i = a.length; i--; ) for (let j = i; j--; ) if (ajvEqual(a[i], a[j])) return [i, j];
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
export function issueTemplate(keyword: string, params: Readonly<Record<string, unknown>>): IssueTemplate {
  const { code, message, params: p } = issueOf(keyword, params, []);
  return Object.freeze({ code, message, params: Object.freeze(p ?? {}) });
}

/** Append the issue of `template` at `path` (a copy), or at `path` + `key` when given. */
export function addIssue(out: Issue[], template: IssueTemplate, path: readonly (string | number)[], key?: string): void {
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
export function addDuplicateItems(out: Issue[], path: readonly (string | number)[], items: readonly unknown[], itemType: string | undefined): void {
  const dup = duplicateItems(items, itemType === undefined ? undefined : ({ type: itemType } as ContractNode));
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
      for (let i = x.length; i--; ) stack.push(x[i], ya[i], depth + 1);
      continue;
    }
    const xo = x as Record<string, unknown>;
    const yo = y as Record<string, unknown>;
    const ka = Object.keys(xo);
    if (ka.length !== Object.keys(yo).length) return false;
    for (let i = ka.length; i--; ) {
      const k = ka[i];
      if (!Object.prototype.hasOwnProperty.call(yo, k)) return false;
      stack.push(xo[k], yo[k], depth + 1);
    }
  }
  return true;
}
