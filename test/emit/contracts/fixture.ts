/** Hand-built Programs for the contract emitter tests (the IR is plain data). */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Domain, Field, Loc, Program, TypeExpr, Expr } from "../../../compiler/ir/types.js";

/** A location on `line` of `file`. */
export function at(line: number, file = "intent/shop.intent.yaml"): Loc {
  return { file, line, column: 3, endLine: line, endColumn: 10 };
}

/** An expression at a fixed place. */
export function expr(source: string, line = 40): Expr {
  return { source, loc: at(line), contentLine: line, contentColumn: 10 };
}

/** A field. */
export function field(name: string, type: TypeExpr, optional = false, description?: string): Field {
  return {
    name,
    type,
    optional,
    loc: at(20),
    ...(description !== undefined ? { description } : {}),
  };
}

/** Primitive type with constraints. */
export function prim(
  name: "string" | "integer" | "number" | "boolean",
  constraints: Record<string, number | string> = {},
): TypeExpr {
  return { kind: "primitive", name, constraints };
}

/** A reference to a type in `domain`. */
export function ref(name: string, domain = "shop", target: "type" | "entity" = "type"): TypeExpr {
  return { kind: "ref", target, ref: { domain, name } };
}

/** An empty domain named `name`, with overrides. */
export function domain(name: string, parts: Partial<Domain> = {}): Domain {
  return {
    name,
    version: "1.0.0",
    owners: [],
    file: `intent/${name}.intent.yaml`,
    loc: at(1, `intent/${name}.intent.yaml`),
    versionLoc: at(3, `intent/${name}.intent.yaml`),
    types: [],
    entities: [],
    events: [],
    machines: [],
    invariants: [],
    apis: [],
    flows: [],
    slices: [],
    ...parts,
  };
}

/** A Program holding the given domains (sorted by name). */
export function program(...domains: Domain[]): Program {
  return {
    system: { name: "shop", version: "1.0.0" },
    domains: [...domains].sort((a, b) => (a.name < b.name ? -1 : 1)),
    riskTiers: [],
    gates: [],
    files: [],
  };
}

/**
 * The small shop domain: a constrained type, an entity with a machine state, an event, an
 * invariant and an API; plus a `catalog` domain it references.
 */
export function shopProgram(opts: { description?: string; pattern?: string } = {}): Program {
  const decl = { approvedBreaking: [] as const };
  const catalog = domain("catalog", {
    types: [
      {
        ...decl,
        kind: "type",
        domain: "catalog",
        name: "Sku",
        type: prim("string", { pattern: opts.pattern ?? "^[A-Z]{3}$" }),
        loc: at(5),
      },
    ],
  });
  const shop = domain("shop", {
    summary: "A tiny shop.",
    types: [
      {
        ...decl,
        kind: "type",
        domain: "shop",
        name: "Money",
        type: prim("integer", { minimum: 0, maximum: 1000 }),
        loc: at(5),
        description: opts.description ?? "Amount in cents",
      },
    ],
    entities: [
      {
        ...decl,
        kind: "entity",
        domain: "shop",
        name: "Cart",
        key: "id",
        loc: at(8),
        fields: [
          field("id", prim("string", { minLength: 1, maxLength: 8 })),
          field("sku", ref("Sku", "catalog")),
          field("lines", {
            kind: "array",
            items: { kind: "object", fields: [field("qty", prim("integer", { minimum: 1 }))] },
            maxItems: 3,
          }),
          field("total", ref("Money")),
          field("paid", ref("Money")),
          field("status", { kind: "state", machine: { domain: "shop", name: "Checkout" } }),
          field("note", prim("string", { maxLength: 5 }), true, opts.description ?? "Free text"),
        ],
      },
    ],
    events: [
      {
        ...decl,
        kind: "event",
        domain: "shop",
        name: "pay",
        loc: at(20),
        fields: [field("amount", ref("Money"))],
        ...(opts.description !== undefined ? { description: opts.description } : {}),
      },
      { ...decl, kind: "event", domain: "shop", name: "close", loc: at(21), fields: [] },
    ],
    machines: [
      {
        ...decl,
        kind: "machine",
        domain: "shop",
        name: "Checkout",
        loc: at(25),
        entity: { domain: "shop", name: "Cart" },
        stateField: "status",
        initial: "open",
        init: [],
        states: [
          { name: "open", final: false, transitions: [], loc: at(26) },
          { name: "closed", final: true, transitions: [], loc: at(27) },
        ],
      },
    ],
    invariants: [
      {
        ...decl,
        kind: "invariant",
        domain: "shop",
        name: "C-1",
        says: opts.description ?? "Paid never exceeds total",
        entity: { domain: "shop", name: "Cart" },
        holds: expr("paid <= total"),
        severity: "critical",
        step: false,
        loc: at(30),
      },
      {
        ...decl,
        kind: "invariant",
        domain: "shop",
        name: "C-2",
        says: "Closed carts are paid",
        entity: { domain: "shop", name: "Cart" },
        when: expr("status == 'closed'"),
        holds: expr("paid == total"),
        severity: "error",
        step: false,
        loc: at(31),
      },
      {
        ...decl,
        kind: "invariant",
        domain: "shop",
        name: "C-3",
        says: "Paid never shrinks",
        entity: { domain: "shop", name: "Cart" },
        holds: expr("paid >= prev.paid"),
        severity: "warning",
        step: true,
        loc: at(32),
      },
    ],
    apis: [
      {
        ...decl,
        kind: "api",
        domain: "shop",
        name: "CartApi",
        loc: at(35),
        operations: [
          {
            name: "get",
            input: [field("id", prim("string", { minLength: 1, maxLength: 8 }))],
            output: ref("Cart", "shop", "entity"),
            errors: ["NotFound"],
            loc: at(36),
          },
          {
            name: "ping",
            input: [],
            errors: [],
            loc: at(37),
            ...(opts.description !== undefined ? { description: opts.description } : {}),
          },
        ],
      },
    ],
  });
  return program(shop, catalog);
}

/** Write emitted files under `dir` (inside the repo, so `intentc/*` resolves), replacing it. */
export function writeTree(dir: string, files: ReadonlyMap<string, string>): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [path, text] of files) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
}

/** A strict NodeNext tsconfig (what generated/tsconfig.json holds). */
export const STRICT_TSCONFIG = JSON.stringify({
  compilerOptions: {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    lib: ["ES2023"],
    types: ["node"],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    allowJs: true,
    checkJs: false,
  },
  include: ["**/*.ts"],
});
