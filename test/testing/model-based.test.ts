/**
 * The machine suites' harness (compiler/testing/model-based.ts) on a hand-written suite: a
 * counter whose step invariant says it never shrinks. An implementation that keeps the entity it
 * was created with and mutates it in place is checked against copies: the model's entity is not
 * changed through it, and the step invariant compares the entity before the step with the one
 * after (not one object with itself).
 */
import { describe, expect, it } from "vitest";
import {
  checkModelBased,
  modelImplementation,
  type ModelImplementation,
  type ModelSuite,
} from "../../compiler/testing/model-based.js";
import { defineModel } from "../../runtime/model.js";

type Counter = { n: number; status: "on" };
type Inc = { readonly type: "inc" };

const model = defineModel<"on", Counter, Inc>({
  id: "t.Counter",
  initial: "on",
  states: ["on"],
  finals: [],
  stateField: "status",
  init: {},
  transitions: [
    { id: "on.inc.0", source: "on", event: "inc", target: "on", effect: (c) => ({ n: c.n + 1 }) },
  ],
});

const suite: ModelSuite<"on", Counter, Inc> = {
  name: "t.Counter",
  model,
  initial: [{ n: 0, status: "on" }],
  events: [{ type: "inc", payloads: [{ type: "inc" }], numeric: [] }],
  numericFields: ["n"],
  checkInvariants: (prev, next) =>
    prev !== undefined && next.n < prev.n
      ? [{ id: "T-1", says: "never shrinks", severity: "error", entity: "Counter", step: true }]
      : [],
};

/** Keeps the entity `create` got and changes it in place by `delta` per event. */
function inPlace(delta: number): () => ModelImplementation<"on", Counter, Inc> {
  return () => {
    let c: Counter = { n: 0, status: "on" };
    return {
      create(initial) {
        c = initial;
      },
      send() {
        c.n += delta;
      },
      snapshot: () => c,
    };
  };
}

function failure(run: () => void): string {
  try {
    run();
    return "";
  } catch (e) {
    return String((e as Error).message);
  }
}

describe("model-based harness", () => {
  it("passes the reference model and an implementation that mutates its entity in place", () => {
    expect(failure(() => checkModelBased(suite, () => modelImplementation(model)))).toBe("");
    expect(failure(() => checkModelBased(suite, inPlace(1), { numRuns: 50, seed: 1 }))).toBe("");
  });

  it("compares an in-place mutation's entity before the step with the one after", () => {
    const message = failure(() => checkModelBased(suite, inPlace(-1), { numRuns: 50, seed: 1 }));
    expect(message).toMatch(/Model-based check failed after 1 step\(s\)/);
    expect(message).toMatch(/invariants broken: T-1 \(never shrinks\)/);
  });
});
