/**
 * The check functions of validators.js: per contract a function `(d) => boolean`, straight-line
 * code with an early exit, whether the value conforms. Only a value it rejects is walked for its
 * issues (runtime/walk.ts), so the check reports nothing and keeps no order. A scalar contract
 * another one refers to is checked in place (no call).
 *
 * An object: each property read by name and checked, then the key pass, the runtime's
 * `ownKeysConform` (`$keys`, one function for every contract: per contract it made each check
 * several times costlier for the JIT to compile): one pass over `Object.keys` (its own enumerable
 * keys, the only allocation) that counts the required keys and, when additional properties are
 * not allowed, rejects an unknown one. Only own properties count: a value read
 * from a polluted prototype is either rejected, or valid for an optional property (absent is
 * valid too), or it is a required one, which `Object.keys` does not count. A required property
 * that is own but not enumerable is not counted either, so the check rejects that (rare) value
 * and the walk, which reads properties by name, decides it (`contractValidator` accepts a value
 * the walk finds no issue in).
 */
import { jsString, type CodeWriter } from "../code.js";

/** A contract node as codegen.ts checks it (`$ref`s are keys of the module's contract table). */
export type Node = Readonly<Record<string, unknown>> & {
  readonly $ref?: string;
  readonly type?: string;
  readonly enum?: readonly string[];
  readonly items?: Node;
  readonly required?: readonly string[];
  readonly properties?: readonly (readonly [string, Node])[];
};

/** What the check generator asks of the module generator (codegen.ts `ModuleGen`). */
export interface CheckModuleGen {
  usesEqual: boolean;
  /** The check function of the contract `key`. */
  checkFn(key: string): string;
  /** A fresh local name. */
  v(prefix: string): string;
  /** The node a `$ref` chain ends at. */
  resolve(node: Node): Node;
  /** The conditions of a scalar node (all must hold), or undefined for arrays and objects. */
  scalar(node: Node, v: string): string[] | undefined;
  usesKeys: boolean;
  /** The hoisted Set of the strings `names`. */
  keySet(names: readonly string[]): string;
}

/** Emits the check functions' bodies. */
export class CheckGen {
  constructor(private readonly gen: CheckModuleGen) {}

  /** The body of the check function of `node` (its value is `d`). */
  body(node: Node, w: CodeWriter): void {
    if (node.$ref === undefined && node.type !== "array" && node.type !== "object") {
      w.line(`return ${this.gen.scalar(node, "d")!.join(" && ")};`);
    } else if (node.$ref !== undefined && this.gen.resolve(node).type === "object") {
      w.line(`return ${this.gen.checkFn(node.$ref)}(d);`);
    } else if (node.type === "object") {
      this.objectBits(node, w);
    } else {
      this.value(node, "d", w, "return false;");
      w.line("return true;");
    }
  }

  /**
   * Statements that run `fail` (a statement that leaves the check or the property) unless the
   * value held by `v` conforms to `node`.
   */
  private value(node: Node, v: string, w: CodeWriter, fail: string): void {
    if (node.$ref !== undefined) {
      // A scalar contract's conditions are written in place (no call, nothing more to compile).
      const target = this.gen.resolve(node);
      const conds = this.gen.scalar(target, v);
      const fn = this.gen.checkFn(node.$ref);
      if (conds !== undefined) w.line(`if (!(${conds.join(" && ")})) ${fail}`);
      else if (target.type === "object") w.line(`if (${fn}(${v}) !== 0) ${fail}`);
      else w.line(`if (!${fn}(${v})) ${fail}`);
    } else if (node.type === "array") {
      this.array(node, v, w, fail);
    } else if (node.type === "object") {
      this.object(node, v, w, fail);
    } else {
      w.line(`if (!(${this.gen.scalar(node, v)!.join(" && ")})) ${fail}`);
    }
  }

  private array(node: Node, v: string, w: CodeWriter, fail: string): void {
    w.line(`if (!Array.isArray(${v})) ${fail}`);
    if (node.maxItems !== undefined)
      w.line(`if (${v}.length > ${node.maxItems as number}) ${fail}`);
    if (node.minItems !== undefined)
      w.line(`if (${v}.length < ${node.minItems as number}) ${fail}`);
    const items = node.items;
    if (items !== undefined) {
      const i = this.gen.v("i");
      const x = this.gen.v("x");
      w.block(`for (let ${i} = 0; ${i} < ${v}.length; ${i}++) {`, () => {
        w.line(`const ${x} = ${v}[${i}];`);
        this.value(items, x, w, fail);
      });
    }
    if (node.uniqueItems === true) {
      // Every item has passed its check, so scalar items of one type compare by value in a Set.
      const resolved = node.items === undefined ? undefined : this.gen.resolve(node.items).type;
      if (resolved !== undefined && resolved !== "object" && resolved !== "array") {
        w.line(`if (${v}.length > 1 && new Set(${v}).size !== ${v}.length) ${fail}`);
      } else {
        this.gen.usesEqual = true;
        const i = this.gen.v("i");
        const j = this.gen.v("j");
        w.line(
          `for (let ${i} = ${v}.length; ${i}--; ) for (let ${j} = ${i}; ${j}--; ) if ($equal(${v}[${i}], ${v}[${j}])) ${fail}`,
        );
      }
    }
  }

  /**
   * Each property read by name and checked (a required one must not be undefined; an inherited
   * value may be read here, see below), then the key pass over `Object.keys` (own enumerable
   * keys, hoisted Sets of the names): the required ones are counted, and an unknown one rejects a
   * closed object. All required counted means each is own; an inherited optional value was
   * either valid or rejected.
   */
  private object(node: Node, v: string, w: CodeWriter, fail: string): void {
    w.line(`if (typeof ${v} !== "object" || ${v} === null || Array.isArray(${v})) ${fail}`);
    for (const [name, sub, optional] of this.properties(node)) {
      const x = this.gen.v("x");
      w.line(`const ${x} = ${v}[${jsString(name)}];`);
      if (optional) w.block(`if (${x} !== undefined) {`, () => this.value(sub, x, w, fail));
      else this.value(sub, x, w, fail);
    }
    const keys = this.keyPass(node, v);
    if (keys === "false") w.line(fail);
    else if (keys !== undefined) w.line(`if (!${keys}) ${fail}`);
  }

  /**
   * The body of an object contract's check: 0 when the value conforms, else which parts failed
   * (runtime/walk.ts `ContractCheck`): bit i for the property listed i-th (i < 30), bit 30
   * for any later one, bit 31 for the key pass (a required key missing or not own, an unknown
   * key); -1 for a value that is not an object. Every property is checked (the walk then visits
   * only those that failed); the valid path runs the same code as an early-exit check.
   */
  private objectBits(node: Node, w: CodeWriter): void {
    w.line(`if (typeof d !== "object" || d === null || Array.isArray(d)) return -1;`);
    w.line("let b = 0;");
    this.properties(node).forEach(([name, sub, optional], i) => {
      const bit = i < 30 ? 1 << i : 1 << 30;
      const x = this.gen.v("x");
      w.line(`const ${x} = d[${jsString(name)}];`);
      const scalar = sub.$ref !== undefined || (sub.type !== "array" && sub.type !== "object");
      const emit = (): void => {
        if (scalar) this.value(sub, x, w, `b |= ${bit};`);
        else {
          const label = this.gen.v("p");
          w.block(`${label}: {`, () => this.value(sub, x, w, `{ b |= ${bit}; break ${label}; }`));
        }
      };
      if (optional) w.block(`if (${x} !== undefined) {`, emit);
      else emit();
    });
    const keys = this.keyPass(node, "d");
    if (keys === "false") w.line("return b | -2147483648;");
    else if (keys !== undefined) w.line(`if (!${keys}) b |= -2147483648;`);
    w.line("return b;");
  }

  /** An object's properties in order: `[name, node, optional]`. */
  private properties(node: Node): [string, Node, boolean][] {
    const required = new Set(node.required ?? []);
    return (node.properties ?? []).map(([name, sub]) => [name, sub, !required.has(name)]);
  }

  /**
   * The condition of the key pass over `v` (with the unlisted required names read by name), or
   * "false" when it never holds (a closed object requiring a name it does not list), or
   * undefined when there is nothing to check.
   */
  private keyPass(node: Node, v: string): string | undefined {
    const listed = new Set((node.properties ?? []).map(([name]) => name));
    const required = new Set(node.required ?? []);
    const closed = node.additionalProperties === false;
    const unlisted = [...required].filter((name) => !listed.has(name));
    // Present, a required property that is not listed is an unknown key of a closed object.
    if (closed && unlisted.length > 0) return "false";
    if (required.size === 0 && !closed) return undefined;
    // The key pass runs in one shared runtime function (compiled once, not per contract).
    this.gen.usesKeys = true;
    const known = closed ? this.gen.keySet([...listed]) : "null";
    const present = unlisted.map((name) => `${v}[${jsString(name)}] !== undefined && `).join("");
    const call = `$keys(${v}, ${this.gen.keySet([...required])}, ${known})`;
    return unlisted.length === 0 ? call : `(${present}${call})`;
  }
}
