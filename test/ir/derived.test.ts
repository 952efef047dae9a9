/**
 * Derived data of the IR (compiler/ir/derived.ts): results live on the object they come from,
 * never shared between Programs, never in JSON, hashes, spreads or structured clones.
 */
import { describe, expect, it } from "vitest";
import { resolverOf } from "../../compiler/ir/conform.js";
import { derivation, derived, keyedDerivation } from "../../compiler/ir/derived.js";
import { invariantsOf } from "../../compiler/ir/invariants-of.js";
import { hashValue, normalizeProgram } from "../../compiler/ir/normalize.js";
import type { Program } from "../../compiler/ir/types.js";
import { parseAccepted } from "../../compiler/expr/parse.js";
import { memoryProgram } from "../diff/fixtures.js";

const intent = (holds: string, max: number) => ({
  "intent/d.intent.yaml": `intent: 1
domain: d
version: 1.0.0
types:
  Count: { type: integer, minimum: 0, maximum: ${max} }
entities:
  Box:
    fields:
      n: Count
invariants:
  I:
    says: the count is in range
    holds: "${holds}"
`,
});

const ENTITY = { domain: "d", name: "Box" };

/** A derivation that counts how often it ran (per owner). */
function counting() {
  const runs: object[] = [];
  const d = derivation("test: domain names", (p: Program) => {
    runs.push(p);
    return p.domains.map((x) => x.name);
  });
  return { d, runs };
}

describe("derived data", () => {
  it("is computed once per Program and read back as the same value", () => {
    const program = memoryProgram(intent("n >= 0", 5));
    const { d, runs } = counting();
    const first = derived(program, d);
    expect(derived(program, d)).toBe(first);
    expect(runs).toEqual([program]);
  });

  it("is never shared between two Programs built from different intent", () => {
    const a = memoryProgram(intent("n >= 0", 5));
    const b = memoryProgram(intent("n <= 7", 9));
    const { d, runs } = counting();
    const fromA = derived(a, d);
    const fromB = derived(b, d);
    expect(fromB).not.toBe(fromA);
    expect(runs).toEqual([a, b]);
    // The library's derivations: each Program answers from its own declarations.
    expect(invariantsOf(a, ENTITY).map((i) => i.holds.source)).toEqual(["n >= 0"]);
    expect(invariantsOf(b, ENTITY).map((i) => i.holds.source)).toEqual(["n <= 7"]);
    const count = { kind: "ref", target: "type", ref: { domain: "d", name: "Count" } } as const;
    expect(resolverOf(a)(count)).toMatchObject({ constraints: { maximum: 5 } });
    expect(resolverOf(b)(count)).toMatchObject({ constraints: { maximum: 9 } });
    expect(resolverOf(a)).toBe(resolverOf(a));
    expect(resolverOf(a)).not.toBe(resolverOf(b));
  });

  it("is not inherited by a spread copy with other declarations", () => {
    const a = memoryProgram(intent("n >= 0", 5));
    const b = memoryProgram(intent("n <= 7", 9));
    expect(invariantsOf(a, ENTITY)).toHaveLength(1);
    // A copy of `a` holding b's domains must answer for b's domains, not from a's index.
    const copy: Program = { ...a, domains: b.domains };
    expect(invariantsOf(copy, ENTITY)).toEqual(b.domains[0]!.invariants);
    const { d, runs } = counting();
    derived(a, d);
    const spread = { ...a };
    const assigned = Object.assign({}, a);
    derived(spread, d);
    derived(assigned, d);
    expect(runs).toEqual([a, spread, assigned]);
  });

  it("never reaches JSON, keys, hashes, normalization or a structured clone", () => {
    const fresh = memoryProgram(intent("n >= 0", 5));
    const program = memoryProgram(intent("n >= 0", 5));
    const { d, runs } = counting();
    derived(program, d);
    invariantsOf(program, ENTITY);
    resolverOf(program);
    const expr = program.domains[0]!.invariants[0]!.holds;
    parseAccepted(expr);
    expect(JSON.stringify(program)).toBe(JSON.stringify(fresh));
    expect(JSON.stringify(expr)).toBe(JSON.stringify(fresh.domains[0]!.invariants[0]!.holds));
    expect(Object.keys(program)).toEqual(Object.keys(fresh));
    // The expression is double-quoted: it keeps its scalar for exact positions (expr/positions.ts).
    expect(Object.keys(expr)).toEqual(["source", "loc", "contentLine", "contentColumn", "scalar"]);
    expect(hashValue(program)).toBe(hashValue(fresh));
    expect(JSON.stringify(normalizeProgram(program))).toBe(JSON.stringify(normalizeProgram(fresh)));
    expect(program).toStrictEqual(fresh);
    const clone = structuredClone(program);
    derived(clone, d);
    expect(runs).toEqual([program, clone]);
    expect(clone).toStrictEqual(fresh);
    // The clone derives its own results (a worker's copy of the Program does the same).
    expect(invariantsOf(clone, ENTITY)).toEqual(invariantsOf(program, ENTITY));
    expect(invariantsOf(clone, ENTITY)[0]).not.toBe(invariantsOf(program, ENTITY)[0]);
  });

  it("keys a keyed derivation by owner and key", () => {
    const a = memoryProgram(intent("n >= 0", 5));
    const b = memoryProgram(intent("n <= 7", 9));
    const runs: [Program, object][] = [];
    const d = keyedDerivation("test: per key", (p: Program, k: { readonly id: number }) => {
      runs.push([p, k]);
      return `${p.domains[0]!.invariants[0]!.holds.source}/${k.id}`;
    });
    const k1 = { id: 1 };
    const k2 = { id: 2 };
    expect(derived(a, d, k1)).toBe("n >= 0/1");
    expect(derived(a, d, k1)).toBe("n >= 0/1");
    expect(derived(a, d, k2)).toBe("n >= 0/2");
    expect(derived(b, d, k1)).toBe("n <= 7/1");
    expect(runs).toEqual([
      [a, k1],
      [a, k2],
      [b, k1],
    ]);
  });

  it("parses an Expr once, on the Expr itself", () => {
    const program = memoryProgram(intent("n >= 0", 5));
    const expr = program.domains[0]!.invariants[0]!.holds;
    const node = parseAccepted(expr);
    expect(parseAccepted(expr)).toBe(node);
    // An equal Expr elsewhere (a clone) has its own AST, equal in value.
    const copy = structuredClone(expr);
    expect(parseAccepted(copy)).not.toBe(node);
    expect(parseAccepted(copy)).toEqual(node);
  });

  it("computes on every read for a frozen owner (correct, uncached)", () => {
    const program = Object.freeze(memoryProgram(intent("n >= 0", 5)));
    const { d, runs } = counting();
    expect(derived(program, d)).toEqual(["d"]);
    expect(derived(program, d)).toEqual(["d"]);
    expect(runs).toEqual([program, program]);
  });
});
