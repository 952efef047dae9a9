/**
 * References inside expressions (guards, `set` keys and values, `init` values, an invariant's
 * `holds` and `when`), for the index: each expression is parsed by the compiler's own expression parser
 * (expr/parse.ts, the AST the checker and the code generators use) and its nodes are resolved
 * against the scope the binder gives it — a free name is a field of the entity, `prev.x` too,
 * `event.x` a field of the transition's event, and a string literal compared with a field typed
 * by a machine is one of its states. Where the scope says what a name holds (a flow's
 * participants, flow-refs.ts), members, indexes and array callbacks' parameters follow it
 * (`order.paid`, `account[0].balance`, `account.every((a) => a.balance >= 0)`). Positions come
 * from the current text (expr/ast.ts exprLoc), so they are right for the buffer being edited,
 * even when it does not check.
 */
import { childrenOf, exprLoc, SPECIAL_NAMES, type ExprNode } from "../expr/ast.js";
import { parseExpr } from "../expr/parse.js";
import type { Expr, Loc } from "../ir/types.js";
import type { LoadedFile, YamlPath } from "../load/yaml.js";
import { exprOf } from "../bind/context.js";
import { keyExpr } from "../bind/machine.js";

/**
 * The key prefix of a member the index does not resolve (`i.qty` in an arrow function): such
 * occurrences are found by references but name no declaration, and a field of that name is not
 * renamed automatically (see navigate.ts).
 */
export const UNRESOLVED = "?member:";

/**
 * What a (sub)expression denotes, as far as the index follows it: a record whose members are
 * fields (`field`), an array of such (`items`), a field typed by a machine (`state`: the key of a
 * state named by a literal compared with it). `key` is the occurrence key of the name itself (a
 * flow's participant).
 */
export interface Shape {
  readonly key?: string;
  field?(name: string): string | undefined;
  readonly items?: Shape;
  /** A map or a set: a member names an entry (`accounts.a`), whose value is `items`. */
  readonly keyed?: boolean;
  state?(literal: string): string | undefined;
}

/** What names in one expression resolve to: keys of the index, or undefined when unknown. */
export interface ExprScope {
  /** The key of a field of the entity (`paid`, `prev.paid`). */
  field(name: string): string | undefined;
  /** The key of a field of the transition's event (`event.amount`). */
  eventField(name: string): string | undefined;
  /** The key of a state named by a string literal (`'paid'`). */
  state(literal: string): string | undefined;
  /** A free name that is a record (a flow's participant `order`, its `channel`), also after `prev.`. */
  record?(name: string): Shape | undefined;
  /** What a field (by key) holds, when members of it are followed (flow expressions). */
  fieldShape?(key: string): Shape | undefined;
}

/** One resolved name in an expression. */
export interface ExprRef {
  readonly key: string;
  readonly loc: Loc;
}

/** The expression at `path` of a file, as the binder makes it (bind/bind.ts `expr`). */
export function exprAt(f: LoadedFile, path: YamlPath, source: string): Expr {
  return exprOf(f, source, path);
}

/**
 * A `set:` key at `path` as an expression (`accounts[event.from].balance`): the binder's entry key
 * expressions (bind/machine.ts `keyExpr`) over the whole key, so that offsets map through quotes
 * and escapes as an expression value's do (expr/ast.ts exprPosition).
 */
export function keyExprAt(f: LoadedFile, path: YamlPath): Expr {
  const key = String(path.at(-1));
  return keyExpr(f, path, f.locOf(path, "key"), key, 0, key.length);
}

/**
 * The resolved names of the expression at `path` (none when it does not parse). `expected` is what
 * its value is stored in (an `init` or `set:` value): the keys of an object literal are then the
 * fields of that record (`{ balance: 2 }`), or the keys of that map.
 */
export function exprRefs(
  f: LoadedFile,
  path: YamlPath,
  source: string,
  scope: ExprScope,
  expected?: Shape,
): ExprRef[] {
  return exprRefsOf(exprAt(f, path, source), scope, expected).refs;
}

/** The resolved names of an expression and what it denotes (no names when it does not parse). */
export function exprRefsOf(
  expr: Expr,
  scope: ExprScope,
  expected?: Shape,
): { refs: ExprRef[]; shape?: Shape } {
  const { source } = expr;
  const [node] = parseExpr(expr);
  if (!node) return { refs: [] };
  const out: ExprRef[] = [];
  const push = (key: string | undefined, start: number, end: number) => {
    if (key !== undefined && start < end) out.push({ key, loc: exprLoc(expr, start, end) });
  };
  /** Where a string literal was recorded as a state of the entity's machines (`scope.state`). */
  let literals: Map<number, number> | undefined;
  /** A state literal compared with a machine-typed field: its exact state, once. */
  const pushState = (key: string | undefined, start: number, end: number) => {
    const at = literals?.get(start);
    if (key === undefined || (at !== undefined && out[at].key === key)) return;
    if (at === undefined) return push(key, start, end);
    out[at] = { key, loc: out[at].loc };
  };
  const fieldShape = (key: string | undefined) =>
    key === undefined ? undefined : scope.fieldShape?.(key);
  const visitArrow = (n: ExprNode, env: Env, bound: Shape | undefined, at: number) => {
    if (n.kind !== "arrow") return void visit(n, env);
    const inner = new Map(env);
    n.params.forEach((p, i) => inner.set(p, i === at ? bound : undefined));
    visit(n.body, inner);
  };
  /** Record the names of `n` and say what it denotes. */
  const visit = (n: ExprNode, env: Env): Shape | undefined => {
    switch (n.kind) {
      case "name": {
        if (n.param) return env.get(n.name);
        if (SPECIAL_NAMES.has(n.name)) return undefined;
        const record = scope.record?.(n.name);
        if (record) {
          push(record.key, n.start, n.end);
          return record;
        }
        const key = scope.field(n.name);
        push(key, n.start, n.end);
        return fieldShape(key);
      }
      case "member": {
        // The property is the last thing the member node spans (`prev.paid`, `event . amount`).
        const start = n.end - n.property.length;
        const named = source.slice(start, n.end) === n.property;
        const special =
          n.object.kind === "name" && !n.object.param && SPECIAL_NAMES.has(n.object.name)
            ? n.object.name
            : undefined;
        let key: string | undefined;
        if (special === "event") key = scope.eventField(n.property);
        else if (special === "prev") {
          const record = scope.record?.(n.property);
          if (record) {
            if (named) push(record.key, start, n.end);
            return record;
          }
          key = scope.field(n.property);
        } else {
          const object = visit(n.object, env);
          // An entry of a map (`accounts.a`): a key, not a field.
          if (object?.keyed) return object.items;
          // A member of what the index does not follow (`i.qty` in `items.every(i => i.qty > 0)`).
          key = object?.field
            ? object.field(n.property)
            : object?.items
              ? undefined
              : `${UNRESOLVED}${n.property}`;
        }
        if (named) push(key, start, n.end);
        return key === undefined || key.startsWith(UNRESOLVED) ? undefined : fieldShape(key);
      }
      case "index":
        return visit(n.object, env)?.items;
      case "lookup": {
        const object = visit(n.object, env);
        visit(n.key, env);
        return object?.items;
      }
      case "helper": {
        const receiver = visit(n.receiver, env);
        n.args.forEach((a) => visitArrow(a, env, receiver?.items, n.method === "reduce" ? 1 : 0));
        return n.method === "filter" ? receiver : n.method === "find" ? receiver?.items : undefined;
      }
      case "quant":
        // `sum(account, (a) => a.balance)`: over an array, the first parameter is an element.
        visitArrow(n.arrow, env, visit(n.map, env)?.items, 0);
        return undefined;
      case "arrow":
        visitArrow(n, env, undefined, -1);
        return undefined;
      case "string": {
        const key = n.end - n.start === n.value.length + 2 ? scope.state(n.value) : undefined;
        if (key !== undefined) (literals ??= new Map()).set(n.start + 1, out.length);
        push(key, n.start + 1, n.end - 1);
        return undefined;
      }
      case "binary": {
        const left = visit(n.left, env);
        const right = visit(n.right, env);
        // `order.status == 'paid'`: a state of the machine typing the field.
        if (["==", "!=", "===", "!=="].includes(n.op)) {
          for (const [lit, other] of [
            [n.left, right],
            [n.right, left],
          ] as const) {
            if (
              lit.kind === "string" &&
              other?.state &&
              lit.end - lit.start === lit.value.length + 2
            )
              pushState(other.state(lit.value), lit.start + 1, lit.end - 1);
          }
        }
        return undefined;
      }
      default:
        for (const c of childrenOf(n)) visit(c, env);
        return undefined;
    }
  };
  /** Visit `n`, a value stored in what `shape` describes. */
  const stored = (n: ExprNode, env: Env, shape: Shape | undefined): Shape | undefined => {
    if (shape && n.kind === "record") {
      for (const p of n.props) {
        if (shape.keyed) {
          stored(p.value, env, shape.items);
          continue;
        }
        const key = shape.field?.(p.name);
        // The name as written, bare or quoted.
        const quote = source.slice(p.keyStart, p.keyEnd) === p.name ? 0 : 1;
        if (source.slice(p.keyStart + quote, p.keyEnd - quote) === p.name)
          push(key, p.keyStart + quote, p.keyEnd - quote);
        stored(p.value, env, fieldShape(key));
      }
      return shape;
    }
    if (shape && n.kind === "conditional") {
      visit(n.test, env);
      stored(n.then, env, shape);
      stored(n.else, env, shape);
      return shape;
    }
    return visit(n, env);
  };
  const shape = stored(node, new Map(), expected);
  return { refs: out, ...(shape ? { shape } : {}) };
}

type Env = ReadonlyMap<string, Shape | undefined>;
