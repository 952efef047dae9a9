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
      return;
    }
    this.value(node, "d", w);
    w.line("return true;");
  }

  /** Statements that return false unless the value held by `v` conforms to `node`. */
  private value(node: Node, v: string, w: CodeWriter): void {
    if (node.$ref !== undefined) {
      // A scalar contract's conditions are written in place (no call, nothing more to compile).
      const target = this.gen.resolve(node);
      const conds = this.gen.scalar(target, v);
      if (conds !== undefined) w.line(`if (!(${conds.join(" && ")})) return false;`);
      else w.line(`if (!${this.gen.checkFn(node.$ref)}(${v})) return false;`);
    } else if (node.type === "array") {
      this.array(node, v, w);
    } else if (node.type === "object") {
      this.object(node, v, w);
    } else {
      w.line(`if (!(${this.gen.scalar(node, v)!.join(" && ")})) return false;`);
    }
  }

  private array(node: Node, v: string, w: CodeWriter): void {
    w.line(`if (!Array.isArray(${v})) return false;`);
    if (node.maxItems !== undefined)
      w.line(`if (${v}.length > ${node.maxItems as number}) return false;`);
    if (node.minItems !== undefined)
      w.line(`if (${v}.length < ${node.minItems as number}) return false;`);
    const items = node.items;
    if (items !== undefined) {
      const i = this.gen.v("i");
      const x = this.gen.v("x");
      w.block(`for (let ${i} = 0; ${i} < ${v}.length; ${i}++) {`, () => {
        w.line(`const ${x} = ${v}[${i}];`);
        this.value(items, x, w);
      });
    }
    if (node.uniqueItems === true) {
      // Every item has passed its check, so scalar items of one type compare by value in a Set.
      const resolved = node.items === undefined ? undefined : this.gen.resolve(node.items).type;
      if (resolved !== undefined && resolved !== "object" && resolved !== "array") {
        w.line(`if (${v}.length > 1 && new Set(${v}).size !== ${v}.length) return false;`);
      } else {
        this.gen.usesEqual = true;
        const i = this.gen.v("i");
        const j = this.gen.v("j");
        w.line(
          `for (let ${i} = ${v}.length; ${i}--; ) for (let ${j} = ${i}; ${j}--; ) if ($equal(${v}[${i}], ${v}[${j}])) return false;`,
        );
      }
    }
  }

  /**
   * Each property read by name and checked (a required one must not be undefined; an inherited
   * value may be read here, see below), then the key pass over `Object.keys` (own enumerable
   * keys, hoisted Sets of the names): the required ones are counted, and an unknown one rejects a
   * closed object. All required
   * counted means each is own; an inherited optional value was either valid or rejected.
   */
  private object(node: Node, v: string, w: CodeWriter): void {
    w.line(`if (typeof ${v} !== "object" || ${v} === null || Array.isArray(${v})) return false;`);
    const props = node.properties ?? [];
    const listed = new Set(props.map(([name]) => name));
    const required = new Set(node.required ?? []);
    const closed = node.additionalProperties === false;
    for (const [name, sub] of props) {
      const x = this.gen.v("x");
      w.line(`const ${x} = ${v}[${jsString(name)}];`);
      if (required.has(name)) {
        // No type accepts undefined: a missing required property fails its own check.
        this.value(sub, x, w);
      } else {
        w.block(`if (${x} !== undefined) {`, () => this.value(sub, x, w));
      }
    }
    const unlisted = [...required].filter((name) => !listed.has(name));
    // Present, a required property that is not listed is an unknown key of a closed object.
    if (closed && unlisted.length > 0) {
      w.line("return false;");
      return;
    }
    for (const name of unlisted) w.line(`if (${v}[${jsString(name)}] === undefined) return false;`);
    if (required.size === 0 && !closed) return;
    // The key pass runs in one shared runtime function (compiled once, not per contract).
    this.gen.usesKeys = true;
    const known = closed ? this.gen.keySet([...listed]) : "null";
    w.line(`if (!$keys(${v}, ${this.gen.keySet([...required])}, ${known})) return false;`);
  }
}
