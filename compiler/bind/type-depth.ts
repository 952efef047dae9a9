/**
 * Type depth (issue 18, class 2): how many levels a value of a named type or entity nests, counting
 * every array, inline object and reference on the way down. Everything that follows a type into
 * its parts recurses once per level — the emitters, the generated validators on the user's data,
 * the arbitraries and the explorer — so the depth is bounded here, with a diagnostic at the
 * declaration where it crosses the limit, at the end of binding: a program with a too-deep type
 * stops there, so no later phase (check, the expression checker, emit, explore) meets one.
 *
 * Computed without recursion on the reference chain (an explicit stack over the declarations);
 * inline nesting recurses, bounded by the loader's YAML depth limit (IC1003).
 */
import type { DiagnosticCollector } from "../diagnostics.js";
import type { Domain, Loc, TypeExpr } from "../ir/types.js";

/** The deepest a named type or entity may nest (levels of arrays, inline objects and references). */
export const MAX_TYPE_DEPTH = 128;

interface Decl {
  readonly name: string;
  readonly loc: Loc;
  /** The declaration's type: an entity is the object of its fields. */
  readonly type: TypeExpr;
}

/** `domain.Name` of a reference. */
const idOf = (t: { readonly ref: { readonly domain: string; readonly name: string } }): string =>
  `${t.ref.domain}.${t.ref.name}`;

/** Every declaration a type expression refers to (inline nesting only: bounded by IC1003). */
function refsOf(type: TypeExpr, out: string[]): string[] {
  if (type.kind === "ref") out.push(idOf(type));
  else if (type.kind === "array") refsOf(type.items, out);
  else if (type.kind === "object") for (const f of type.fields) refsOf(f.type, out);
  else if (type.kind === "map") {
    refsOf(type.keys, out);
    refsOf(type.values, out);
  }
  return out;
}

/** The depth of a type expression, given the depth of every declaration it refers to. */
function depthOf(type: TypeExpr, declDepth: (id: string) => number): number {
  switch (type.kind) {
    case "ref":
      return 1 + declDepth(idOf(type));
    case "array":
      return 1 + depthOf(type.items, declDepth);
    case "object": {
      let deepest = 0;
      for (const f of type.fields) deepest = Math.max(deepest, depthOf(f.type, declDepth));
      return 1 + deepest;
    }
    case "map":
      return 1 + Math.max(depthOf(type.keys, declDepth), depthOf(type.values, declDepth));
    default:
      return 1;
  }
}

/**
 * One `type-too-deep` diagnostic per declaration where the depth first exceeds
 * {@link MAX_TYPE_DEPTH}: the declaration is too deep while every declaration it refers to is
 * not (so a chain of 20 000 references gives one diagnostic, not 19 872). Reference cycles are
 * reported by the check phase (IC3001); here a reference back into the current path counts as
 * depth 1, and a reference to nothing (reported by binding) as 0.
 */
export function checkTypeDepth(
  domains: readonly Domain[],
  diags: DiagnosticCollector,
  limit = MAX_TYPE_DEPTH,
): void {
  const decls = new Map<string, Decl>();
  for (const d of domains) {
    for (const t of d.types)
      decls.set(`${d.name}.${t.name}`, { name: t.name, loc: t.loc, type: t.type });
    for (const e of d.entities)
      decls.set(`${d.name}.${e.name}`, {
        name: e.name,
        loc: e.loc,
        type: { kind: "object", fields: e.fields },
      });
  }
  const depth = new Map<string, number>();
  const onPath = new Set<string>();
  const declDepth = (id: string): number => depth.get(id) ?? 0;
  for (const root of decls.keys()) {
    if (depth.has(root)) continue;
    // Post-order over the reference graph: a declaration's depth once all its references have one.
    const stack: [string, string[] | undefined][] = [[root, undefined]];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const [id] = top;
      const decl = decls.get(id);
      if (top[1] === undefined) {
        if (decl === undefined || depth.has(id) || onPath.has(id)) {
          stack.pop();
          continue;
        }
        onPath.add(id);
        top[1] = refsOf(decl.type, []);
      }
      const next = top[1].pop();
      if (next !== undefined) {
        if (!depth.has(next) && !onPath.has(next)) stack.push([next, undefined]);
        continue;
      }
      stack.pop();
      onPath.delete(id);
      const own = depthOf(decl!.type, declDepth);
      depth.set(id, own);
      if (own > limit && refsOf(decl!.type, []).every((r) => declDepth(r) <= limit)) {
        diags.report("type-too-deep", { name: decl!.name, depth: own, limit }, decl!.loc);
      }
    }
  }
}
