/** Data types of the diff engine: raw changes (structural facts) and classified findings. */
import type { Expr, Loc, Program, TypeExpr } from "../ir/types.js";

/** How an element is used: inputs are accepted (contravariant), outputs are read (covariant). */
export type Direction = "input" | "output" | "both";

/** Policy level of a finding: error = breaking, warn = undecidable from the contract, info. */
export type Level = "error" | "warn" | "info";

/** What the oracle needs to look for a counterexample (not serialized). */
export type OracleProbe =
  | { readonly kind: "type"; readonly before: TypeExpr; readonly after: TypeExpr }
  | {
      readonly kind: "predicate";
      /** `guard`: event payload + entity; `invariant`: entity (+ prev). */
      readonly role: "guard" | "invariant";
      readonly entity: { readonly domain: string; readonly name: string };
      readonly event?: { readonly domain: string; readonly name: string };
      readonly before?: Expr;
      readonly after?: Expr;
      /** Invariant `when` clauses, combined as `!when || holds`. */
      readonly beforeWhen?: Expr;
      readonly afterWhen?: Expr;
    };

/** One structural change between two Programs. Judges nothing. */
export interface Change {
  /** Stable rule id (kebab-case), the key of the policy table. */
  readonly rule: string;
  readonly domain: string;
  /** Lock key of the element holding the change (`orders/entity/Order`). */
  readonly element: string;
  /** Dotted path to the changed part (`orders.entities.Order.fields.total.minimum`). */
  readonly path: string;
  readonly direction: Direction;
  readonly before?: unknown;
  readonly after?: unknown;
  /** Position in the new intent (for removals: the parent element in the new file). */
  readonly loc?: Loc;
  /** Extra facts for the message (`persisted`, `observed`). */
  readonly facts?: Readonly<Record<string, boolean>>;
  readonly probe?: OracleProbe;
}

/** A concrete value one contract accepts and the other rejects. */
export interface Counterexample {
  /** `old-accepts-new-rejects` (inputs, guards) or `new-produces-old-rejects` (outputs). */
  readonly kind: "old-accepts-new-rejects" | "new-accepts-old-rejects";
  readonly value: unknown;
  /** For guards and invariants: the entity fields the value was evaluated with. */
  readonly entity?: unknown;
}

/** A classified change. */
export interface Finding {
  readonly rule: string;
  readonly level: Level;
  readonly domain: string;
  readonly element: string;
  readonly path: string;
  readonly direction: Direction;
  readonly message: string;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly loc?: Loc;
  readonly counterexample?: Counterexample;
  /** Set when an `approvedBreaking` entry on the element covers this finding. */
  readonly approved?: { readonly reason: string; readonly expires: string };
}

/** Inputs of one diff: the base (lock program, no locations) and the current program. */
export interface DiffInput {
  readonly before: Program;
  readonly after: Program;
}
