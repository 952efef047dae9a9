/**
 * The suite report intentc/testing writes for `intentc run` (issue 14 point 4), driven through the
 * committed generated suite of OrderLifecycle: a hand-written implementation is reported as the
 * implementation (with runs, seed and the invariants checked), the generated model or XState
 * machine only as a reference, a broken implementation as failed; no env var, no file.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { modelImplementation, xstateImplementation } from "intentc/testing";
import { checkOrderLifecycleImplementation } from "../../generated/tests/orders/OrderLifecycle.model-suite.js";
import {
  orderLifecycleModel,
  type OrderLifecycleImplementation,
} from "../../generated/machines/orders/OrderLifecycle.model.js";
import { orderLifecycleMachine } from "../../generated/machines/orders/OrderLifecycle.machine.js";
import {
  readSuiteReports,
  SUITE_REPORT_ENV as READ_ENV,
} from "../../compiler/governance/record.js";
import { SUITE_REPORT_ENV as WRITE_ENV } from "../../compiler/testing/report.js";
import { propertyResults } from "../../compiler/governance/gates.js";

const INVARIANTS = [
  "orders.ORD-1",
  "orders.ORD-2",
  "orders.ORD-3",
  "orders.ORD-4",
  "orders.ORD-5",
  "orders.ORD-6",
];
let dir: string | undefined;

function reportFile(): string {
  dir = mkdtempSync(join(tmpdir(), "intentc-suite-"));
  const file = join(dir, "test.jsonl");
  process.env.INTENTC_SUITE_REPORT = file;
  return file;
}

/** A hand-written implementation (delegating to the model, but not marked as the reference). */
function handWritten(broken = false): OrderLifecycleImplementation {
  const m = modelImplementation(orderLifecycleModel);
  return {
    create: (i) => m.create(i),
    send: (e) => m.send(e),
    snapshot: () => {
      const s = m.snapshot();
      return broken && s.status === "paid" ? { ...s, paid: s.paid + 1 } : s;
    },
    state: () => m.state!(),
  };
}

afterEach(() => {
  delete process.env.INTENTC_SUITE_REPORT;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("suite report (intentc/testing → intentc run)", () => {
  it("reports a hand-written implementation with its runs, seed and invariants", () => {
    const file = reportFile();
    checkOrderLifecycleImplementation(() => handWritten(), { numRuns: 20, seed: 42 });
    const [r, ...rest] = readSuiteReports(file, "test");
    expect(rest).toEqual([]);
    expect(r).toMatchObject({
      gate: "test",
      suite: "orders.OrderLifecycle",
      subject: "implementation",
      seed: 42,
      invariants: INVARIANTS,
      result: "passed",
    });
    expect(r.runs).toBeGreaterThan(20); // the seed paths replayed plus the 20 random runs
    expect(
      propertyResults(
        ["orders.ORD-1"],
        [
          {
            name: "test",
            stage: "test",
            command: ["x"],
            attempt: 1,
            status: "passed",
            exitCode: 0,
            durationMs: 1,
            logSha256: "",
            logTail: "",
          },
        ],
        [r],
      ),
    ).toEqual([
      {
        name: "orders.ORD-1",
        status: "passed",
        suite: "orders.OrderLifecycle",
        runs: r.runs,
        seed: 42,
      },
    ]);
  });

  it("reports the generated model and XState machine only as a reference", () => {
    const file = reportFile();
    checkOrderLifecycleImplementation(() => modelImplementation(orderLifecycleModel), {
      numRuns: 5,
      seed: 1,
    });
    checkOrderLifecycleImplementation(() => xstateImplementation(orderLifecycleMachine), {
      numRuns: 5,
      seed: 1,
    });
    const reports = readSuiteReports(file, "test");
    expect(reports.map((r) => [r.subject, r.result])).toEqual([
      ["reference", "passed"],
      ["reference", "passed"],
    ]);
    expect(
      propertyResults(
        INVARIANTS,
        [
          {
            name: "test",
            stage: "test",
            command: ["x"],
            attempt: 1,
            status: "passed",
            exitCode: 0,
            durationMs: 1,
            logSha256: "",
            logTail: "",
          },
        ],
        reports,
      ).map((p) => p.status),
    ).toEqual(INVARIANTS.map(() => "not-exercised"));
  });

  it("reports a broken implementation as failed with the shrunk counterexample, and still throws", () => {
    const file = reportFile();
    expect(() =>
      checkOrderLifecycleImplementation(() => handWritten(true), { numRuns: 50, seed: 7 }),
    ).toThrow(/Model-based check failed/);
    const [r] = readSuiteReports(file, "test");
    expect(r).toMatchObject({ subject: "implementation", result: "failed", seed: 7 });
    expect(r.counterexample).toMatch(/Model-based check failed after \d+ step\(s\)/);
  });

  it("the runner reads the env var the library writes", () => {
    expect([READ_ENV, WRITE_ENV]).toEqual(["INTENTC_SUITE_REPORT", "INTENTC_SUITE_REPORT"]);
  });

  it("writes nothing without INTENTC_SUITE_REPORT", () => {
    dir = mkdtempSync(join(tmpdir(), "intentc-suite-"));
    checkOrderLifecycleImplementation(() => handWritten(), { numRuns: 3, seed: 3 });
    expect(existsSync(join(dir, "test.jsonl"))).toBe(false);
  });

  it("drops forged or malformed lines", () => {
    const file = reportFile();
    const good = {
      format: 1,
      kind: "model-based",
      suite: "a.B",
      subject: "implementation",
      runs: 3,
      seed: 1,
      invariants: ["a.X"],
      result: "passed",
    };
    const lines = [
      good,
      { ...good, subject: "me" },
      { ...good, runs: -1 },
      { ...good, invariants: ["../x y"] },
      "not json",
      { ...good, format: 2 },
    ];
    writeFileSync(
      file,
      lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n"),
    );
    expect(readSuiteReports(file, "g").map((r) => r.suite)).toEqual(["a.B"]);
    expect(readFileSync(file, "utf8").split("\n")).toHaveLength(6);
  });
});
