/** Structural diff of type expressions, field lists and constraints. */
import type { ArrayType, Constraints, Field, Loc, TypeExpr } from "../ir/types.js";
import type { Change, Direction } from "./types.js";

/** Where a change is reported: the element key, the domain, the direction and a fallback loc. */
export interface DiffScope {
  readonly domain: string;
  readonly element: string;
  readonly direction: Direction;
}

type Emit = (c: Change) => void;

const LOWER = ["minimum", "exclusiveMinimum", "minLength", "minItems"] as const;
const UPPER = ["maximum", "exclusiveMaximum", "maxLength", "maxItems"] as const;

/** Compare two field lists (matched by name, with `renamedFrom` renames). */
export function diffFields(
  before: readonly Field[],
  after: readonly Field[],
  path: string,
  scope: DiffScope,
  parentLoc: Loc | undefined,
  emit: Emit,
): void {
  const old = new Map(before.map((f) => [f.name, f]));
  const renamedOld = new Set<string>();
  for (const f of after) {
    if (
      f.renamedFrom !== undefined &&
      !old.has(f.name) &&
      old.has(f.renamedFrom) &&
      !after.some((g) => g.name === f.renamedFrom)
    ) {
      renamedOld.add(f.renamedFrom);
    }
  }
  for (const f of before) {
    if (after.some((g) => g.name === f.name) || renamedOld.has(f.name)) continue;
    emit({
      ...scope,
      rule: "field-removed",
      path: `${path}.${f.name}`,
      before: f.name,
      loc: parentLoc,
    });
  }
  for (const f of after) {
    const fp = `${path}.${f.name}`;
    let prev = old.get(f.name);
    if (prev === undefined && f.renamedFrom !== undefined && renamedOld.has(f.renamedFrom)) {
      prev = old.get(f.renamedFrom)!;
      emit({
        ...scope,
        rule: "field-renamed",
        path: fp,
        before: prev.name,
        after: f.name,
        loc: f.loc,
      });
    }
    if (prev === undefined) {
      emit({
        ...scope,
        rule: f.optional ? "optional-field-added" : "required-field-added",
        path: fp,
        after: f.name,
        loc: f.loc,
      });
      continue;
    }
    if (prev.optional && !f.optional)
      emit({ ...scope, rule: "field-made-required", path: fp, loc: f.loc });
    if (!prev.optional && f.optional)
      emit({ ...scope, rule: "field-made-optional", path: fp, loc: f.loc });
    if ((prev.description ?? "") !== (f.description ?? "")) {
      emit({
        ...scope,
        rule: "description-changed",
        path: fp,
        before: prev.description,
        after: f.description,
        loc: f.loc,
      });
    }
    diffType(prev.type, f.type, fp, scope, f.loc, emit);
  }
}

/** Compare two type expressions at `path`. */
export function diffType(
  before: TypeExpr,
  after: TypeExpr,
  path: string,
  scope: DiffScope,
  loc: Loc | undefined,
  emit: Emit,
): void {
  const probe = { kind: "type" as const, before, after };
  if (before.kind === "primitive" && after.kind === "primitive") {
    if (before.name !== after.name) {
      const rule =
        before.name === "integer" && after.name === "number"
          ? "type-widened"
          : before.name === "number" && after.name === "integer"
            ? "type-narrowed"
            : "type-changed";
      emit({ ...scope, rule, path, before: before.name, after: after.name, loc, probe });
    }
    diffConstraints(before.constraints, after.constraints, path, scope, loc, probe, emit);
    return;
  }
  if (before.kind === "ref" && after.kind === "ref") {
    if (
      before.target !== after.target ||
      before.ref.domain !== after.ref.domain ||
      before.ref.name !== after.ref.name
    ) {
      emit({
        ...scope,
        rule: "type-changed",
        path,
        before: refText(before),
        after: refText(after),
        loc,
        probe,
      });
    }
    return;
  }
  if (before.kind === "state" && after.kind === "state") {
    if (
      before.machine.domain !== after.machine.domain ||
      before.machine.name !== after.machine.name
    ) {
      emit({
        ...scope,
        rule: "type-changed",
        path,
        before: typeText(before),
        after: typeText(after),
        loc,
        probe,
      });
    }
    return;
  }
  if (before.kind === "enum" && after.kind === "enum") {
    for (const v of before.values)
      if (!after.values.includes(v))
        emit({ ...scope, rule: "enum-value-removed", path: `${path}.${v}`, before: v, loc, probe });
    for (const v of after.values)
      if (!before.values.includes(v))
        emit({ ...scope, rule: "enum-value-added", path: `${path}.${v}`, after: v, loc, probe });
    return;
  }
  if (before.kind === "array" && after.kind === "array") {
    diffConstraints(
      arrayConstraints(before),
      arrayConstraints(after),
      path,
      scope,
      loc,
      probe,
      emit,
    );
    diffType(before.items, after.items, `${path}.items`, scope, loc, emit);
    return;
  }
  if (before.kind === "object" && after.kind === "object") {
    diffFields(before.fields, after.fields, `${path}.fields`, scope, loc, emit);
    return;
  }
  if (before.kind === "map" && after.kind === "map" && Boolean(before.set) === Boolean(after.set)) {
    // A map holds a value for every key: a key added or removed is a change of its key type.
    diffType(before.keys, after.keys, `${path}.keys`, scope, loc, emit);
    diffType(before.values, after.values, `${path}.values`, scope, loc, emit);
    return;
  }
  emit({
    ...scope,
    rule: "type-changed",
    path,
    before: typeText(before),
    after: typeText(after),
    loc,
    probe,
  });
}

type AnyConstraints = Constraints & { minItems?: number; maxItems?: number; uniqueItems?: boolean };

function arrayConstraints(t: ArrayType): AnyConstraints {
  return { minItems: t.minItems, maxItems: t.maxItems, uniqueItems: t.uniqueItems };
}

function diffConstraints(
  b: AnyConstraints,
  a: AnyConstraints,
  path: string,
  scope: DiffScope,
  loc: Loc | undefined,
  probe: Change["probe"],
  emit: Emit,
): void {
  const out = (rule: string, key: string) =>
    emit({
      ...scope,
      rule,
      path: `${path}.${key}`,
      before: b[key as keyof AnyConstraints],
      after: a[key as keyof AnyConstraints],
      loc,
      probe,
    });
  for (const k of LOWER) {
    const x = b[k];
    const y = a[k];
    if (x === y) continue;
    out(
      x === undefined || (y !== undefined && y > x)
        ? "constraint-strengthened"
        : "constraint-relaxed",
      k,
    );
  }
  for (const k of UPPER) {
    const x = b[k];
    const y = a[k];
    if (x === y) continue;
    out(
      x === undefined || (y !== undefined && y < x)
        ? "constraint-strengthened"
        : "constraint-relaxed",
      k,
    );
  }
  if (b.multipleOf !== a.multipleOf) {
    const x = b.multipleOf;
    const y = a.multipleOf;
    const rule =
      x === undefined
        ? "constraint-strengthened"
        : y === undefined
          ? "constraint-relaxed"
          : Number.isInteger(y / x)
            ? "constraint-strengthened"
            : Number.isInteger(x / y)
              ? "constraint-relaxed"
              : "constraint-changed";
    out(rule, "multipleOf");
  }
  if (b.pattern !== a.pattern) {
    out(
      b.pattern === undefined
        ? "constraint-strengthened"
        : a.pattern === undefined
          ? "constraint-relaxed"
          : "constraint-changed",
      "pattern",
    );
  }
  if (Boolean(b.uniqueItems) !== Boolean(a.uniqueItems))
    out(a.uniqueItems ? "constraint-strengthened" : "constraint-relaxed", "uniqueItems");
}

function refText(t: { ref: { domain: string; name: string } }): string {
  return `${t.ref.domain}.${t.ref.name}`;
}

/** A short human rendering of a type expression (for messages and docs). */
export function typeText(t: TypeExpr): string {
  switch (t.kind) {
    case "primitive":
      return t.name;
    case "ref":
      return refText(t);
    case "state":
      return `${t.machine.domain}.${t.machine.name}`;
    case "enum":
      return `enum(${t.values.join(", ")})`;
    case "array":
      return `${typeText(t.items)}[]`;
    case "map":
      return t.set === true
        ? `set(${typeText(t.keys)})`
        : `map(${typeText(t.keys)} → ${typeText(t.values)})`;
    case "object":
      return `{ ${t.fields.map((f) => `${f.name}${f.optional ? "?" : ""}: ${typeText(f.type)}`).join(", ")} }`;
  }
}
