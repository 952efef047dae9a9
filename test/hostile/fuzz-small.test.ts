/** Small-count fuzz of the front end (the large count runs in `npm run fuzz`). */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  applyMutation,
  checkDiagnostics,
  checkFrontEnd,
  exampleFiles,
  frontEndInputArb,
  randomYamlArb,
} from "../fuzz/arbitraries.js";

const files = exampleFiles();

describe("front-end fuzz (small)", () => {
  it("the property holds for the unmodified example, and rejects bad diagnostics", () => {
    expect(() => checkFrontEnd(files)).not.toThrow();
    const input = { "intent/a.intent.yaml": "intent: 1\ndomain: a\n" };
    const d = {
      code: "IC1001",
      name: "yaml-syntax",
      severity: "error" as const,
      message: "m",
      file: "intent/a.intent.yaml",
      line: 2,
      column: 1,
      endLine: 2,
      endColumn: 10,
    };
    expect(() => checkDiagnostics(input, [d])).not.toThrow();
    expect(() => checkDiagnostics(input, [{ ...d, line: 0 }])).toThrow(/line outside/);
    expect(() => checkDiagnostics(input, [{ ...d, column: 11, endColumn: 11 }])).toThrow(
      /column outside/,
    );
    expect(() => checkDiagnostics(input, [{ ...d, endColumn: 12 }])).toThrow(/column outside/);
    expect(() => checkDiagnostics(input, [{ ...d, code: "IC9999" }])).toThrow(
      /unknown diagnostic code/,
    );
    expect(() => checkDiagnostics(input, [{ ...d, file: "intent/b.intent.yaml" }])).toThrow(
      /not an input/,
    );
  });

  it("mutations are deterministic and change the text", () => {
    const t = "a: 1\nb: 2\n";
    expect(applyMutation(t, { op: "delete", at: 1 })).toBe("a: 1\n");
    expect(applyMutation(t, { op: "swap", at: 0, other: 1 })).toBe("b: 2\na: 1\n");
    expect(applyMutation(t, { op: "scalar", at: 0, value: "1e400" })).toBe("a: 1e400\nb: 2\n");
    expect(applyMutation(t, { op: "nest", at: 1, depth: 3, open: "[" })).toBe("a: 1\nb: [[[]]]\n");
    expect(applyMutation(t, { op: "encoding", kind: "crlf" })).toBe("a: 1\r\nb: 2\r\n");
    expect(applyMutation(t, { op: "insert", at: 1, indent: 2, line: "__proto__: 1" })).toBe(
      "a: 1\n  __proto__: 1\nb: 2\n",
    );
  });

  it("mutated examples and random YAML give diagnostics, never an exception", () => {
    fc.assert(
      fc.property(frontEndInputArb(files), (input) => checkFrontEnd(input)),
      {
        numRuns: Number(process.env.FUZZ_SMALL_RUNS ?? 300),
        seed: Number(process.env.FUZZ_SEED ?? 20240601),
      },
    );
  });

  it("random YAML-ish text alone gives diagnostics, never an exception", () => {
    fc.assert(
      fc.property(randomYamlArb, (input) => checkFrontEnd(input)),
      { numRuns: 200, seed: 7 },
    );
  });
});
