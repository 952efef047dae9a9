/**
 * Emitter: contracts/<domain>/invariants.ts — each invariant compiled to a typed predicate
 * `check(prev, next)`, exported with its id, text and severity; per entity a list
 * `invariantsOf<Entity>` and `check<Entity>Invariants(prev, next)`; and `invariants`, all of them.
 * A false `when` holds; a step invariant holds when there is no `prev`.
 */
import type { Invariant, Program, Ref } from "../ir/types.js";
import { COLLECTIONS, compileExpr, usesCollections } from "../expr/compile.js";
import { createWriter, jsString, withHeader, type CodeWriter } from "./code.js";
import { defineEmitter } from "./emitter.js";
import { docBlock, domainAlias } from "./contracts/ts.js";
import { RUNTIME_IMPORT } from "./runtime-import.js";

interface EntityGroup {
  readonly entity: Ref;
  readonly invariants: readonly Invariant[];
}

function groups(program: Program, domain: string): EntityGroup[] {
  const d = program.domains.find((x) => x.name === domain)!;
  const byKey = new Map<string, EntityGroup>();
  const key = (r: Ref) => `${r.domain}\u0000${r.name}`;
  for (const e of d.entities)
    byKey.set(key({ domain, name: e.name }), { entity: { domain, name: e.name }, invariants: [] });
  for (const inv of d.invariants) {
    const k = key(inv.entity);
    const g = byKey.get(k) ?? { entity: inv.entity, invariants: [] };
    byKey.set(k, { entity: g.entity, invariants: [...g.invariants, inv] });
  }
  return [...byKey.values()].sort(
    (a, b) => cmp(a.entity.name, b.entity.name) || cmp(a.entity.domain, b.entity.domain),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function entityType(r: Ref, domain: string): string {
  return r.domain === domain ? `$T.${r.name}` : `${domainAlias(r.domain)}.${r.name}`;
}

/**
 * `export const <decl> = [ … ];`: one `$InvariantDef` entry per invariant (its doc line, id, says,
 * severity, entity, step and `check`, whose body `body` writes); `[]` on one line when empty.
 * Shared by the domain invariants and the flow invariants (system-invariants.ts).
 */
export function writeInvariantList<
  I extends {
    readonly name: string;
    readonly says: string;
    readonly severity: string;
    readonly step: boolean;
  },
>(
  w: CodeWriter,
  decl: string,
  invs: readonly I[],
  entity: string,
  body: (w: CodeWriter, inv: I) => void,
): void {
  if (invs.length === 0) {
    w.line(`export const ${decl} = [];`);
    return;
  }
  w.block(
    `export const ${decl} = [`,
    () => {
      for (const inv of invs) {
        w.lines(docBlock([`${inv.name}: ${inv.says}`]).trimEnd());
        w.block(
          "{",
          () => {
            w.line(`id: ${jsString(inv.name)},`);
            w.line(`says: ${jsString(inv.says)},`);
            w.line(`severity: ${jsString(inv.severity)},`);
            w.line(`entity: ${jsString(entity)},`);
            w.line(`step: ${inv.step},`);
            w.block("check(prev, next) {", () => body(w, inv), "},");
          },
          "},",
        );
      }
    },
    "];",
  );
}

function checkBody(w: CodeWriter, inv: Invariant): void {
  const scope = { fields: "next", prev: "prev" };
  if (inv.step) w.line("if (prev === undefined) return true;");
  if (inv.when !== undefined) w.line(`if (!${compileExpr(inv.when, scope)}) return true;`);
  w.line(`return ${compileExpr(inv.holds, scope)};`);
}

/** The text of one domain's invariants.ts (without header). */
export function invariantsModule(program: Program, domain: string): string {
  const gs = groups(program, domain);
  const others = [...new Set(gs.map((g) => g.entity.domain).filter((x) => x !== domain))].sort();
  const w = createWriter();
  w.lines(docBlock([`Invariants of domain '${domain}', compiled to predicates.`]).trimEnd());
  w.line(
    `import type { InvariantDef as $InvariantDef, InvariantViolation as $InvariantViolation } from "${RUNTIME_IMPORT}";`,
  );
  w.line(`import { checkInvariants as $checkInvariants } from "${RUNTIME_IMPORT}";`);
  const exprs = gs.flatMap((g) =>
    g.invariants.flatMap((i) => (i.when !== undefined ? [i.when, i.holds] : [i.holds])),
  );
  if (exprs.some(usesCollections))
    w.line(`import { collections as ${COLLECTIONS} } from "${RUNTIME_IMPORT}";`);
  if (gs.some((g) => g.entity.domain === domain)) w.line(`import type * as $T from "./types.js";`);
  for (const o of others) w.line(`import type * as ${domainAlias(o)} from "../${o}/types.js";`);
  // The names of the per-entity lists (data, not lines), spread into `invariants` at the end.
  const lists: string[] = [];
  for (const g of gs) {
    const t = entityType(g.entity, domain);
    const list = `invariantsOf${g.entity.name}`;
    lists.push(list);
    w.line();
    w.lines(docBlock([`Invariants over ${g.entity.name}.`]).trimEnd());
    writeInvariantList(
      w,
      `${list}: readonly $InvariantDef<${t}>[]`,
      g.invariants,
      g.entity.name,
      checkBody,
    );
    w.line();
    w.lines(
      docBlock([
        `The invariants over ${g.entity.name} that do not hold on the step prev → next.`,
      ]).trimEnd(),
    );
    w.block(
      `export function check${g.entity.name}Invariants(prev: ${t} | undefined, next: ${t}): $InvariantViolation[] {`,
      () => w.line(`return $checkInvariants(${list}, prev, next);`),
    );
  }
  w.line();
  w.lines(docBlock(["Every invariant of the domain."]).trimEnd());
  const union = gs.map((g) => `$InvariantDef<${entityType(g.entity, domain)}>`);
  const elem =
    union.length === 0
      ? "$InvariantDef<never>"
      : union.length === 1
        ? union[0]
        : `(${union.join(" | ")})`;
  w.line(
    `export const invariants: readonly ${elem}[] = [${lists.map((l) => `...${l}`).join(", ")}];`,
  );
  return w.toString();
}

export const invariantsEmitter = defineEmitter({
  name: "invariants",
  description: "contracts/<domain>/invariants.ts (compiled invariant predicates)",
  emit(program) {
    const files = new Map<string, string>();
    for (const d of program.domains) {
      files.set(
        `contracts/${d.name}/invariants.ts`,
        withHeader(invariantsModule(program, d.name), "ts"),
      );
    }
    return files;
  },
});
