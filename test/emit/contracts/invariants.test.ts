import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { invariantsEmitter } from "../../../compiler/emit/invariants.js";
import type { InvariantDef, InvariantViolation } from "../../../runtime/index.js";
import { checkInvariants } from "../../../runtime/invariants.js";
import { shopProgram, writeTree } from "./fixture.js";

interface Cart {
  paid: number;
  total: number;
  status: string;
}
interface InvariantsModule {
  invariants: readonly InvariantDef<Cart>[];
  invariantsOfCart: readonly InvariantDef<Cart>[];
  checkCartInvariants(prev: Cart | undefined, next: Cart): InvariantViolation[];
}
const DIR = join(import.meta.dirname, "..", ".tmp-invariants");

describe("invariants emitter", () => {
  let mod: InvariantsModule;
  beforeAll(async () => {
    writeTree(DIR, invariantsEmitter.emit(shopProgram(), { report: () => {}, options: {} }));
    mod = (await import(
      pathToFileURL(join(DIR, "contracts/shop/invariants.ts")).href
    )) as InvariantsModule;
  });
  afterAll(() => rmSync(DIR, { recursive: true, force: true }));

  it("compiles state and step invariants to typed predicates", () => {
    const text = invariantsEmitter
      .emit(shopProgram(), { report: () => {}, options: {} })
      .get("contracts/shop/invariants.ts")!;
    expect(text.slice(text.indexOf("\n") + 1)).toMatchInlineSnapshot(`
      "/** Invariants of domain 'shop', compiled to predicates. */
      import type { InvariantDef as $InvariantDef, InvariantViolation as $InvariantViolation } from "@intentc/runtime";
      import { checkInvariants as $checkInvariants } from "@intentc/runtime";
      import type * as $T from "./types.js";

      /** Invariants over Cart. */
      export const invariantsOfCart: readonly $InvariantDef<$T.Cart>[] = [
        /** C-1: Paid never exceeds total */
        {
          id: "C-1",
          says: "Paid never exceeds total",
          severity: "critical",
          entity: "Cart",
          step: false,
          check(prev, next) {
            return (next.paid <= next.total);
          },
        },
        /** C-2: Closed carts are paid */
        {
          id: "C-2",
          says: "Closed carts are paid",
          severity: "error",
          entity: "Cart",
          step: false,
          check(prev, next) {
            if (!(next.status === "closed")) return true;
            return (next.paid === next.total);
          },
        },
        /** C-3: Paid never shrinks */
        {
          id: "C-3",
          says: "Paid never shrinks",
          severity: "warning",
          entity: "Cart",
          step: true,
          check(prev, next) {
            if (prev === undefined) return true;
            return (next.paid >= prev.paid);
          },
        },
      ];

      /** The invariants over Cart that do not hold on the step prev → next. */
      export function checkCartInvariants(prev: $T.Cart | undefined, next: $T.Cart): $InvariantViolation[] {
        return $checkInvariants(invariantsOfCart, prev, next);
      }

      /** Every invariant of the domain. */
      export const invariants: readonly $InvariantDef<$T.Cart>[] = [...invariantsOfCart];
      "
    `);
  });

  it("exports id, text, severity, entity and step with every predicate", () => {
    expect(mod.invariants.map((i) => [i.id, i.says, i.severity, i.entity, i.step])).toEqual([
      ["C-1", "Paid never exceeds total", "critical", "Cart", false],
      ["C-2", "Closed carts are paid", "error", "Cart", false],
      ["C-3", "Paid never shrinks", "warning", "Cart", true],
    ]);
  });

  it("holds when `when` is false and for a step invariant without prev", () => {
    const [c1, c2, c3] = mod.invariantsOfCart;
    expect(c1.check(undefined, { paid: 5, total: 4, status: "open" })).toBe(false);
    expect(c1.check(undefined, { paid: 4, total: 4, status: "open" })).toBe(true);
    expect(c2.check(undefined, { paid: 1, total: 4, status: "open" })).toBe(true);
    expect(c2.check(undefined, { paid: 1, total: 4, status: "closed" })).toBe(false);
    expect(c3.check(undefined, { paid: 0, total: 4, status: "open" })).toBe(true);
    expect(
      c3.check({ paid: 3, total: 4, status: "open" }, { paid: 2, total: 4, status: "open" }),
    ).toBe(false);
  });

  it("check<Entity>Invariants lists exactly the violated invariants", () => {
    const v = mod.checkCartInvariants(
      { paid: 9, total: 4, status: "open" },
      { paid: 5, total: 4, status: "closed" },
    );
    expect(v).toEqual([
      {
        id: "C-1",
        says: "Paid never exceeds total",
        severity: "critical",
        entity: "Cart",
        step: false,
      },
      { id: "C-2", says: "Closed carts are paid", severity: "error", entity: "Cart", step: false },
      { id: "C-3", says: "Paid never shrinks", severity: "warning", entity: "Cart", step: true },
    ]);
    expect(mod.checkCartInvariants(undefined, { paid: 4, total: 4, status: "closed" })).toEqual([]);
  });

  it("runtime checkInvariants reports a throwing predicate as a violation with its error", () => {
    const boom: InvariantDef<Cart> = {
      id: "X",
      says: "x",
      severity: "error",
      entity: "Cart",
      step: false,
      check: () => {
        throw new Error("bad");
      },
    };
    expect(checkInvariants([boom], undefined, { paid: 0, total: 0, status: "open" })).toEqual([
      { id: "X", says: "x", severity: "error", entity: "Cart", step: false, error: "bad" },
    ]);
  });
});
