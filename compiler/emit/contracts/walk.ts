/**
 * The functions of validators.js: per contract (and per inline array or object inside one) a
 * function `(d, p, o)` that is both the check and the explanation. With `o === null` it returns
 * whether the value conforms, at the first failure (straight-line code, no allocation). With an
 * issue list `o` and a path stack `p` it appends every issue, in the order ajv (allErrors,
 * ownProperties) reports its errors; a part it would descend into is first checked (the same
 * function with `o === null`), so only the rejected parts of a value are walked. One function
 * for both: the explanation runs code the checks have already made hot.
 *
 * The order, per node: an up-front type issue when the type has no keywords of its own (and
 * always for integers), then `enum`, then the type's keywords in ajv's rule order (numbers:
 * maximum, minimum, exclusiveMaximum, exclusiveMinimum, multipleOf; strings: maxLength,
 * minLength, pattern; arrays: maxItems, minItems, items, uniqueItems; objects: required,
 * additionalProperties, properties), with the type issue last when they did not apply.
 */
import { compilerAssert } from "../../diagnostic.js";
import { jsString } from "../code.js";

/** A contract node as codegen.ts checks it (`$ref`s are keys of the module's contract table). */
export type Node = Readonly<Record<string, unknown>> & {
  readonly $ref?: string;
  readonly type?: string;
  readonly enum?: readonly string[];
  readonly items?: Node;
  readonly required?: readonly string[];
  readonly properties?: readonly (readonly [string, Node])[];
};

/** What the walk generator asks of the module generator (codegen.ts `ModuleGen`). */
export interface ModuleGen {
  usesLength: boolean;
  usesEqual: boolean;
  usesUnknownKey: boolean;
  usesDuplicates: boolean;
  /** The function of the contract `key`. */
  checkFn(key: string): string;
  /** A fresh local name. */
  v(prefix: string): string;
  /** The node a `$ref` chain ends at. */
  resolve(node: Node): Node;
  /** The conditions of a scalar node (all must hold), or undefined for arrays and objects. */
  scalar(node: Node, v: string): string[] | undefined;
  /** The hoisted issue template of a keyword with ajv's params. */
  template(keyword: string, params: Readonly<Record<string, unknown>>): string;
  /** The condition "`k` is not one of `names`". */
  notKnown(names: readonly string[], k: string): string;
  /** The condition "`v` is one of the strings `values`". */
  enumCond(values: readonly string[], v: string): string;
  /** The hoisted matcher of a pattern. */
  pattern(p: string): string;
}

const GROUP: Readonly<Record<string, readonly string[]>> = {
  integer: ["maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum", "multipleOf"],
  number: ["maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum", "multipleOf"],
  string: ["maxLength", "minLength", "pattern"],
  array: ["maxItems", "minItems", "items", "uniqueItems"],
  object: ["required", "additionalProperties", "properties"],
};

/** JSON Schema's data types, numbers finite (ajv's strictNumbers), as a condition on `v`. */
function hasType(type: string, v: string): string {
  switch (type) {
    case "string":
      return `typeof ${v} === "string"`;
    case "integer":
      return `Number.isInteger(${v})`;
    case "number":
      return `Number.isFinite(${v})`;
    case "boolean":
      return `typeof ${v} === "boolean"`;
    case "null":
      return `${v} === null`;
    case "array":
      return `Array.isArray(${v})`;
    default:
      return `typeof ${v} === "object" && ${v} !== null && !Array.isArray(${v})`;
  }
}

/** Emits the contract functions; `gen` owns the hoisted constants and the function names. */
export class WalkGen {
  /** Functions of inline arrays and objects, emitted after the contracts' (`$part<N>`). */
  readonly parts: string[] = [];
  private partCount = 0;

  constructor(private readonly gen: ModuleGen) {}

  /** A failure: in check mode return false, else append the issue of `template`. */
  private fail(template: string, key?: string): string {
    const add =
      key === undefined ? `$addIssue(o, ${template}, p);` : `$addIssue(o, ${template}, p, ${key});`;
    return `{ if (o === null) return false; ${add} }`;
  }

  /**
   * The body of the function of `node` (its value is `d`). Check and explanation share the
   * order (ajv's): measured faster overall than a separate check-mode order in the same function
   * (bench/RESULTS.md, "Validators").
   */
  body(node: Node, out: string[], ind: string): void {
    if (node.$ref !== undefined || (node.type !== "array" && node.type !== "object")) {
      this.child(node, "d", out, ind, undefined);
      return;
    }
    this.composite(node, "d", out, ind);
  }

  /** A function for an inline array or object; returns its name. */
  private part(node: Node): string {
    const name = `$part${this.partCount++}`;
    const body: string[] = [];
    this.body(node, body, "  ");
    this.parts.push(`function ${name}(d, p, o) {`);
    for (const l of body) this.parts.push(l);
    this.parts.push("  return true;", "}", "");
    return name;
  }

  /**
   * The statements for a part held by `v` at path segment `seg` (a JS expression; none for the
   * function's own value): checked first, walked (with the segment pushed) only when rejected.
   */
  private child(node: Node, v: string, out: string[], ind: string, seg: string | undefined): void {
    const open = seg === undefined ? "" : `p.push(${seg}); `;
    const close = seg === undefined ? "" : " p.pop();";
    if (node.$ref !== undefined || node.type === "array" || node.type === "object") {
      const fn = node.$ref !== undefined ? this.gen.checkFn(node.$ref) : this.part(node);
      out.push(
        `${ind}if (!${fn}(${v}, null, null)) { if (o === null) return false; ${open}${fn}(${v}, p, o);${close} }`,
      );
      return;
    }
    const conds = this.gen.scalar(node, v)!;
    out.push(`${ind}if (!(${conds.join(" && ")})) {`);
    out.push(`${ind}  if (o === null) return false;`);
    if (seg !== undefined) out.push(`${ind}  p.push(${seg});`);
    this.scalarIssues(node, v, out, `${ind}  `);
    if (seg !== undefined) out.push(`${ind}  p.pop();`);
    out.push(`${ind}}`);
  }

  /** The issues of a scalar value known to be rejected (explain mode only). */
  private scalarIssues(node: Node, v: string, out: string[], ind: string): void {
    const type = node.type!;
    const own = (GROUP[type] ?? []).filter((k) => node[k] !== undefined);
    const upfront = type === "integer" || own.length === 0;
    const add = (t: string) => `$addIssue(o, ${t}, p);`;
    const typeIssue = this.gen.template("type", { type });
    if (upfront) out.push(`${ind}if (!(${hasType(type, v)})) ${add(typeIssue)}`);
    if (node.enum !== undefined) {
      compilerAssert(type === "string", "enum on a non-string contract");
      out.push(
        `${ind}if (!${this.gen.enumCond(node.enum, v)}) ${add(this.gen.template("enum", { allowedValues: node.enum }))}`,
      );
    }
    if (own.length === 0) return;
    out.push(`${ind}if (${hasType(type === "integer" ? "number" : type, v)}) {`);
    const k = `${ind}  `;
    const limit = (key: string, comparison: string, bad: string) => {
      const l = node[key];
      if (l !== undefined)
        out.push(
          `${k}if (${v} ${bad} ${String(l)}) ${add(this.gen.template(key, { comparison, limit: l }))}`,
        );
    };
    limit("maximum", "<=", ">");
    limit("minimum", ">=", "<");
    limit("exclusiveMaximum", "<", ">=");
    limit("exclusiveMinimum", ">", "<=");
    if (node.multipleOf !== undefined) {
      const m = node.multipleOf as number;
      out.push(
        `${k}if (!Number.isInteger(${v} / ${String(m)})) ${add(this.gen.template("multipleOf", { multipleOf: m }))}`,
      );
    }
    if (node.maxLength !== undefined) {
      this.gen.usesLength = true;
      const l = node.maxLength as number;
      out.push(
        `${k}if (${v}.length > ${l} && $ucs2length(${v}) > ${l}) ${add(this.gen.template("maxLength", { limit: l }))}`,
      );
    }
    if (node.minLength !== undefined) {
      this.gen.usesLength = true;
      const l = node.minLength as number;
      out.push(
        `${k}if (${v}.length < ${2 * l} && $ucs2length(${v}) < ${l}) ${add(this.gen.template("minLength", { limit: l }))}`,
      );
    }
    if (node.pattern !== undefined) {
      const pattern = node.pattern as string;
      out.push(
        `${k}if (!${this.gen.pattern(pattern)}.test(${v})) ${add(this.gen.template("pattern", { pattern }))}`,
      );
    }
    out.push(upfront ? `${ind}}` : `${ind}} else ${add(typeIssue)}`);
  }

  /** An array or object held by `v`: the type, then its keywords in ajv's order. */
  private composite(node: Node, v: string, out: string[], ind: string): void {
    const type = node.type!;
    compilerAssert(node.enum === undefined, "enum on a non-string contract");
    const typeIssue = this.gen.template("type", { type });
    out.push(`${ind}if (!(${hasType(type, v)})) ${this.fail(typeIssue)}`);
    const own = (GROUP[type] ?? []).filter((k) => node[k] !== undefined);
    if (own.length === 0) return;
    out.push(`${ind}else {`);
    if (type === "array") this.array(node, v, out, `${ind}  `);
    else this.object(node, v, out, `${ind}  `);
    out.push(`${ind}}`);
  }

  private array(node: Node, v: string, out: string[], ind: string): void {
    if (node.maxItems !== undefined) {
      const l = node.maxItems as number;
      out.push(
        `${ind}if (${v}.length > ${l}) ${this.fail(this.gen.template("maxItems", { limit: l }))}`,
      );
    }
    if (node.minItems !== undefined) {
      const l = node.minItems as number;
      out.push(
        `${ind}if (${v}.length < ${l}) ${this.fail(this.gen.template("minItems", { limit: l }))}`,
      );
    }
    if (node.items !== undefined) {
      const i = this.gen.v("i");
      const x = this.gen.v("x");
      out.push(`${ind}for (let ${i} = 0; ${i} < ${v}.length; ${i}++) {`);
      out.push(`${ind}  const ${x} = ${v}[${i}];`);
      this.child(node.items, x, out, `${ind}  `, i);
      out.push(`${ind}}`);
    }
    if (node.uniqueItems === true) {
      this.gen.usesDuplicates = true;
      // Check mode: every item has passed its check (a failure returned), so scalar items of
      // one type compare by value in a Set.
      const resolved = node.items === undefined ? undefined : this.gen.resolve(node.items).type;
      if (resolved !== undefined && resolved !== "object" && resolved !== "array") {
        out.push(
          `${ind}if (o === null) { if (${v}.length > 1 && new Set(${v}).size !== ${v}.length) return false; }`,
        );
      } else {
        this.gen.usesEqual = true;
        const i = this.gen.v("i");
        const j = this.gen.v("j");
        out.push(
          `${ind}if (o === null) { for (let ${i} = ${v}.length; ${i}--; ) for (let ${j} = ${i}; ${j}--; ) if ($equal(${v}[${i}], ${v}[${j}])) return false; }`,
        );
      }
      // Explain mode: ajv reads the `type` written on the items' schema itself (not through a `$ref`).
      const t = node.items?.type;
      out.push(
        `${ind}else $addDuplicateItems(o, p, ${v}, ${t === undefined ? "undefined" : jsString(t)});`,
      );
    }
  }

  /**
   * `required` (in its order), `additionalProperties` (own keys in for-in order, which is
   * Object.keys order for own keys), then `properties` (in their order); each property is read
   * once. A property counts only as an own property whose value is not undefined.
   */
  private object(node: Node, v: string, out: string[], ind: string): void {
    const props = node.properties ?? [];
    const vars = new Map<string, [string, string]>();
    for (const [name] of props) {
      const x = this.gen.v("x");
      const h = this.gen.v("h");
      const key = jsString(name);
      vars.set(name, [x, h]);
      out.push(
        `${ind}const ${x} = ${v}[${key}], ${h} = ${x} !== undefined && $has.call(${v}, ${key});`,
      );
    }
    for (const name of node.required ?? []) {
      const key = jsString(name);
      const known = vars.get(name);
      const absent =
        known !== undefined
          ? `!${known[1]}`
          : `(${v}[${key}] === undefined || !$has.call(${v}, ${key}))`;
      out.push(
        `${ind}if (${absent}) ${this.fail(this.gen.template("required", { missingProperty: name }), key)}`,
      );
    }
    if (node.additionalProperties === false) {
      this.gen.usesUnknownKey = true;
      const k = this.gen.v("k");
      const unknown = this.gen.notKnown(
        props.map(([name]) => name),
        k,
      );
      out.push(
        `${ind}for (const ${k} in ${v}) if (${unknown} && $has.call(${v}, ${k})) { if (o === null) return false; $addUnknownKey(o, p, ${k}); }`,
      );
    }
    for (const [name, sub] of props) {
      const [x, h] = vars.get(name)!;
      out.push(`${ind}if (${h}) {`);
      this.child(sub, x, out, `${ind}  `, jsString(name));
      out.push(`${ind}}`);
    }
  }
}
