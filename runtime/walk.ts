/**
 * The walk of a rejected value: every issue, in the order ajv (allErrors, ownProperties) reports
 * its errors, from the contract table a generated validators.js holds ({@link ContractModule}).
 * Runs only for a value the contract's generated check rejected; a contract it descends into is
 * checked first, so only the rejected parts of a value are walked. Each node is prepared once, on
 * its first walk, into a function: one shared walker for every contract (nothing per contract for
 * the JIT to compile, and a small module).
 *
 * The order, per node: an up-front type issue when the type has no keywords of its own (and
 * always for integers), then `enum`, then the type's keywords in ajv's rule order (numbers:
 * maximum, minimum, exclusiveMaximum, exclusiveMinimum, multipleOf; strings: maxLength,
 * minLength, pattern; arrays: maxItems, minItems, items, uniqueItems; objects: required,
 * additionalProperties, properties), with the type issue last when they did not apply.
 */
import type { Issue } from "./issues.js";
import type { RegExpLike } from "./re2.js";
import type { Result } from "./result.js";
import type { Validator } from "./validate.js";
import {
  addDuplicateItems,
  addIssue,
  addUnknownKey,
  ajvUcs2length,
  hasType,
  issueTemplate,
} from "./validate.js";

/**
 * A contract as validators.js describes it for the walk: the JSON Schema keywords intentc's
 * contracts use, a `$ref` as the index of a contract of the module, `properties` as
 * `[name, node]` pairs (no property name is ever an object key).
 */
export interface ContractNode {
  readonly $ref?: number;
  readonly type?: "string" | "integer" | "number" | "boolean" | "null" | "array" | "object";
  readonly enum?: readonly string[];
  readonly maximum?: number;
  readonly minimum?: number;
  readonly exclusiveMaximum?: number;
  readonly exclusiveMinimum?: number;
  readonly multipleOf?: number;
  readonly maxLength?: number;
  readonly minLength?: number;
  readonly pattern?: string;
  readonly maxItems?: number;
  readonly minItems?: number;
  readonly items?: ContractNode;
  readonly uniqueItems?: true;
  readonly required?: readonly string[];
  readonly properties?: readonly (readonly [string, ContractNode])[];
  readonly additionalProperties?: false;
}

/** What a validators.js module hands the walk: its contracts, their checks and its patterns. */
export interface ContractModule {
  /** The contracts, by index. */
  readonly nodes: readonly ContractNode[];
  /** The generated check of each contract (same index). */
  readonly checks: readonly ContractCheck[];
  /** The matcher of each pattern, as the checks use it. */
  readonly patterns: ReadonlyMap<string, RegExpLike>;
}

/**
 * Appends the issues of a value at `path` (a stack it pushes to and pops); `failed`: what its
 * check returned, if known (an object contract's bits tell which parts to walk).
 */
export type Walk = (
  d: unknown,
  path: (string | number)[],
  out: Issue[],
  failed?: CheckResult,
) => void;

/**
 * What a generated check returns: for an object contract 0 when the value conforms, else bits of
 * what failed (bit i: the property listed i-th, i < 30; bit 30: any later one; bit 31: the key
 * pass, a required key missing or not own or an unknown key; -1: not an object, or walk it all);
 * for any other contract whether it conforms.
 */
export type CheckResult = boolean | number;

/** A generated check (validators.js `$c<N>`). */
export type ContractCheck = (value: unknown) => CheckResult;

/** Whether a check's result says the value conforms. */
function conforms(r: CheckResult): boolean {
  return r === true || r === 0;
}

/** Bit 31 of an object check's result: the key pass failed. */
const KEYS_FAILED = -2147483648;

/**
 * The typed validator of the contract `index` of a generated module: a value its check accepts
 * is returned as is (no allocation but the result); a rejected one is walked for its issues. The
 * check may reject a valid value of a rare shape (a required property that is own but not
 * enumerable); the walk, which reads every property by name, finds no issue in it, and it is
 * accepted.
 * @example export const validateMoney = contractValidator($c3, $m, 3);
 */
export function contractValidator<T>(
  check: ContractCheck,
  module: ContractModule,
  index: number,
): Validator<T> {
  let walk: Walk | undefined;
  return (value: unknown): Result<T> => {
    const r = check(value);
    if (conforms(r)) return { ok: true, value: value as T };
    const issues: Issue[] = [];
    (walk ??= contractWalk(module, index))(value, [], issues, r);
    if (issues.length === 0) return { ok: true, value: value as T };
    return { ok: false, issues };
  };
}

/**
 * The key pass of a generated object check (validators.js `$keys`): whether the own enumerable
 * keys of `d` include every name of `required` and, for a closed object (`known`: every listed
 * name), none outside `known`. One function for every contract: compiled once by the JIT, where a
 * comparison chain per contract made each check several times costlier to compile.
 * @example ownKeysConform({ id: "a" }, new Set(["id"]), null) // true
 */
export function ownKeysConform(
  d: object,
  required: ReadonlySet<string>,
  known: ReadonlySet<string> | null,
): boolean {
  const ks = Object.keys(d);
  const size = required.size;
  // Closed, every listed name required: exactly that many keys.
  if (known !== null && known.size === size && ks.length !== size) return false;
  let n = 0;
  for (let i = 0; i < ks.length; i++) {
    const k = ks[i];
    if (required.has(k)) n++;
    else if (known !== null && !known.has(k)) return false;
  }
  return n === size;
}

/** The prepared walk of each node (a contract's on its first rejected value). */
const walks = new WeakMap<ContractNode, Walk>();

/** The walk of the contract `index` of `module` (its value known to be rejected). */
export function contractWalk(module: ContractModule, index: number): Walk {
  return walkOf(module, module.nodes[index]);
}

function walkOf(module: ContractModule, node: ContractNode): Walk {
  let walk = walks.get(node);
  if (walk === undefined) {
    walk = prepare(module, node);
    walks.set(node, walk);
  }
  return walk;
}

const GROUP: Readonly<Record<string, readonly (keyof ContractNode)[]>> = {
  integer: ["maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum", "multipleOf"],
  number: ["maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum", "multipleOf"],
  string: ["maxLength", "minLength", "pattern"],
  array: ["maxItems", "minItems", "items", "uniqueItems"],
  object: ["required", "additionalProperties", "properties"],
};

/**
 * The walk of a part held at `seg`: a contract is checked first and walked (with the segment
 * pushed) only when rejected; any other node is walked (a conforming value adds nothing).
 */
function child(module: ContractModule, node: ContractNode): Walk {
  if (node.$ref === undefined) return walkOf(module, node);
  const check = module.checks[node.$ref];
  const target = module.nodes[node.$ref];
  let walk: Walk | undefined;
  return (d, path, out) => {
    const r = check(d);
    if (!conforms(r)) (walk ??= walkOf(module, target))(d, path, out, r);
  };
}

function prepare(module: ContractModule, node: ContractNode): Walk {
  if (node.$ref !== undefined) return child(module, node);
  const type = node.type!;
  const group = type === "integer" ? "number" : type;
  const own = (Object.hasOwn(GROUP, type) ? GROUP[type] : []).filter((k) => node[k] !== undefined);
  const typeIssue = issueTemplate("type", { type });
  const upfront = type === "integer" || own.length === 0;
  const values = node.enum;
  const enumIssue = values && issueTemplate("enum", { allowedValues: values });
  const keywords =
    own.length === 0
      ? undefined
      : type === "object"
        ? objectWalk(module, node)
        : type === "array"
          ? arrayWalk(module, node)
          : scalarWalk(module, node);
  return (d, path, out, failed) => {
    if (upfront && !hasType(type, d)) addIssue(out, typeIssue, path);
    if (values !== undefined && !values.includes(d as string)) addIssue(out, enumIssue!, path);
    if (keywords === undefined) return;
    if (hasType(group, d)) keywords(d, path, out, failed);
    else if (!upfront) addIssue(out, typeIssue, path);
  };
}

/** A number's or string's keywords, in ajv's order (the value has the type). */
function scalarWalk(module: ContractModule, node: ContractNode): Walk {
  const { maximum, minimum, exclusiveMaximum, exclusiveMinimum, multipleOf } = node;
  const { maxLength, minLength, pattern } = node;
  const template = (key: keyof ContractNode, params: Record<string, unknown>) =>
    node[key] === undefined ? undefined : issueTemplate(key, params);
  const tMaximum = template("maximum", { comparison: "<=", limit: maximum });
  const tMinimum = template("minimum", { comparison: ">=", limit: minimum });
  const tExclusiveMaximum = template("exclusiveMaximum", {
    comparison: "<",
    limit: exclusiveMaximum,
  });
  const tExclusiveMinimum = template("exclusiveMinimum", {
    comparison: ">",
    limit: exclusiveMinimum,
  });
  const tMultipleOf = template("multipleOf", { multipleOf });
  const tMaxLength = template("maxLength", { limit: maxLength });
  const tMinLength = template("minLength", { limit: minLength });
  const tPattern = template("pattern", { pattern });
  const rx = pattern === undefined ? undefined : module.patterns.get(pattern);
  if (pattern !== undefined && rx === undefined)
    throw new Error("intentc runtime: a contract pattern has no matcher");
  if (node.type === "string") {
    return (d, path, out) => {
      const s = d as string;
      if (maxLength !== undefined && s.length > maxLength && ajvUcs2length(s) > maxLength)
        addIssue(out, tMaxLength!, path);
      if (minLength !== undefined && s.length < 2 * minLength && ajvUcs2length(s) < minLength)
        addIssue(out, tMinLength!, path);
      if (rx !== undefined && !rx.test(s)) addIssue(out, tPattern!, path);
    };
  }
  return (d, path, out) => {
    const n = d as number;
    if (maximum !== undefined && n > maximum) addIssue(out, tMaximum!, path);
    if (minimum !== undefined && n < minimum) addIssue(out, tMinimum!, path);
    if (exclusiveMaximum !== undefined && n >= exclusiveMaximum)
      addIssue(out, tExclusiveMaximum!, path);
    if (exclusiveMinimum !== undefined && n <= exclusiveMinimum)
      addIssue(out, tExclusiveMinimum!, path);
    if (multipleOf !== undefined && !Number.isInteger(n / multipleOf))
      addIssue(out, tMultipleOf!, path);
  };
}

/** An array's keywords, in ajv's order (the value is an array). */
function arrayWalk(module: ContractModule, node: ContractNode): Walk {
  const max = node.maxItems;
  const min = node.minItems;
  const maxIssue = max === undefined ? undefined : issueTemplate("maxItems", { limit: max });
  const minIssue = min === undefined ? undefined : issueTemplate("minItems", { limit: min });
  const item = node.items === undefined ? undefined : child(module, node.items);
  const unique = node.uniqueItems === true;
  // ajv reads the `type` written on the items' schema itself (not through a `$ref`).
  const itemType = node.items?.type;
  return (d, path, out) => {
    const a = d as unknown[];
    if (max !== undefined && a.length > max) addIssue(out, maxIssue!, path);
    if (min !== undefined && a.length < min) addIssue(out, minIssue!, path);
    if (item !== undefined) {
      for (let i = 0; i < a.length; i++) {
        path.push(i);
        item(a[i], path, out);
        path.pop();
      }
    }
    if (unique) addDuplicateItems(out, path, a, itemType);
  };
}

/**
 * An object's keywords, in ajv's order: `required` (in its order), `additionalProperties` (own
 * keys in for-in order), then `properties` (in their order). A property counts only as an own
 * property whose value is not undefined.
 */
function objectWalk(module: ContractModule, node: ContractNode): Walk {
  const props = node.properties ?? [];
  const names = props.map(([name]) => name);
  const walks = props.map(([, sub]) => child(module, sub));
  const required = node.required ?? [];
  const missing = required.map((name) => issueTemplate("required", { missingProperty: name }));
  const closed = node.additionalProperties === false;
  const known = new Set(names);
  const requiredSet = new Set(required);
  return (d, path, out, failed) => {
    const o = d as Record<string, unknown>;
    // The bits of the object's check, when given: only the properties that failed are walked.
    const bits = typeof failed === "number" && failed !== -1 ? failed : -1;
    // The key pass first: when it holds, every required name is an own key and no own key is
    // unknown, so only a required property holding undefined is missing.
    const keysHold =
      bits === -1
        ? ownKeysConform(o, requiredSet, closed ? known : null)
        : (bits & KEYS_FAILED) === 0;
    if (keysHold) {
      for (let i = 0; i < required.length; i++)
        if (o[required[i]] === undefined) addIssue(out, missing[i], path, required[i]);
    } else {
      for (let i = 0; i < required.length; i++) {
        const name = required[i];
        if (o[name] === undefined || !Object.hasOwn(o, name)) addIssue(out, missing[i], path, name);
      }
      if (closed) {
        for (const k in o) if (!known.has(k) && Object.hasOwn(o, k)) addUnknownKey(out, path, k);
      }
    }
    for (let i = 0; i < names.length; i++) {
      if ((bits & (i < 30 ? 1 << i : 1 << 30)) === 0) continue;
      const name = names[i];
      const x = o[name];
      if (x === undefined || !Object.hasOwn(o, name)) continue;
      path.push(name);
      walks[i](x, path, out);
      path.pop();
    }
  };
}
