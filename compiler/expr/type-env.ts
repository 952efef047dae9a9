/** The types of a program's entities, events and named types, built on demand (one per check). */
import type { Field, Program, Ref, TypeExpr } from "../ir/types.js";
import { eventTypeName, stateTypeName } from "./ts-decls.js";
import {
  ANY,
  BOOLEAN,
  LiteralTable,
  NEVER,
  NUMBER,
  STRING,
  UNDEFINED,
  show,
  union,
  type Ty,
} from "./types.js";

export class TypeEnv {
  private readonly named = new Map<string, Ty>();
  readonly literals = new LiteralTable();

  constructor(private readonly program: Program) {
    // Literal types are created in declaration order, which fixes their printing order.
    for (const d of program.domains) {
      const visit = (t: TypeExpr) => {
        if (t.kind === "enum") for (const v of t.values) this.literals.of(v);
        if (t.kind === "array") visit(t.items);
        if (t.kind === "object") for (const f of t.fields) visit(f.type);
      };
      for (const t of d.types) visit(t.type);
      for (const e of d.entities) for (const f of e.fields) visit(f.type);
      for (const e of d.events) for (const f of e.fields) visit(f.type);
      for (const m of d.machines) for (const s of m.states) this.literals.of(s.name);
    }
  }

  private domain(name: string) {
    return this.program.domains.find((d) => d.name === name);
  }

  entity(ref: Ref): Ty {
    const key = `entity:${ref.domain}.${ref.name}`;
    let t = this.named.get(key);
    if (t === undefined) {
      const e = this.domain(ref.domain)?.entities.find((x) => x.name === ref.name);
      t = e === undefined ? ANY : this.object(ref.name, e.fields);
      this.named.set(key, t);
    }
    return t;
  }

  event(ref: Ref): Ty {
    const key = `event:${ref.domain}.${ref.name}`;
    let t = this.named.get(key);
    if (t === undefined) {
      const e = this.domain(ref.domain)?.events.find((x) => x.name === ref.name);
      t = e === undefined ? ANY : this.object(eventTypeName(ref.name), e.fields);
      this.named.set(key, t);
    }
    return t;
  }

  object(name: string | undefined, fields: readonly Field[]): Ty {
    let cache: Map<string, Ty> | undefined;
    return {
      k: "object",
      optional: new Set(fields.filter((f) => f.optional).map((f) => f.name)),
      ...(name !== undefined ? { name } : {}),
      fields: () => (cache ??= new Map(fields.map((f) => [f.name, this.field(f)]))),
    };
  }

  /** The type a field read gives (`T | undefined` when optional). */
  field(f: Field): Ty {
    const t = this.type(f.type);
    return f.optional ? union([t, UNDEFINED]) : t;
  }

  type(t: TypeExpr): Ty {
    switch (t.kind) {
      case "primitive":
        return t.name === "string" ? STRING : t.name === "boolean" ? BOOLEAN : NUMBER;
      case "enum":
        return union(t.values.map((v) => this.literals.of(v)));
      case "array":
        return { k: "array", elem: this.type(t.items) };
      case "map": {
        const key = this.type(t.keys);
        const value = this.type(t.values);
        let fields: ReadonlyMap<string, Ty> | undefined;
        return {
          k: "object",
          name: `Record<${show(key)}, ${show(value)}>`,
          fields: () => (fields ??= new Map(t.keyValues.map((k) => [k, value]))),
          map: { key, value },
        };
      }
      case "object":
        return this.object(undefined, t.fields);
      case "state": {
        const m = this.domain(t.machine.domain)?.machines.find((x) => x.name === t.machine.name);
        const states = m?.states.map((s) => this.literals.of(s.name)) ?? [];
        return states.length === 0
          ? NEVER
          : states.length === 1
            ? states[0]
            : union(states, stateTypeName(t.machine.name));
      }
      case "ref": {
        if (t.target === "entity") return this.entity(t.ref);
        const key = `type:${t.ref.domain}.${t.ref.name}`;
        const hit = this.named.get(key);
        if (hit !== undefined) return hit;
        const decl = this.domain(t.ref.domain)?.types.find((x) => x.name === t.ref.name);
        if (decl === undefined) return ANY;
        this.named.set(key, ANY); // a cycle (reported elsewhere) resolves to any
        let r = this.type(decl.type);
        // Aliases name unions and object types in messages; primitives and arrays show as themselves.
        if (r.k === "union" && r.alias === undefined) r = { ...r, alias: t.ref.name };
        else if (r.k === "object" && r.name === undefined) r = { ...r, name: t.ref.name };
        this.named.set(key, r);
        return r;
      }
    }
  }
}
