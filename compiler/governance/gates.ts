/**
 * Gates: the tier's commands, static first then test, each run by argv (never a shell) and
 * recorded with its exit code, duration and a sha256 of its output. The first failure stops the
 * sequence; later gates are recorded as skipped.
 */
import { createHash } from "node:crypto";
import type { Executor } from "./sandbox.js";
import type { GateResult, PackGate, PropertyResult, SuiteReport } from "./types.js";

/** Gates in run order: every static gate before any test gate, otherwise the tier's order. */
export function orderGates(gates: readonly PackGate[]): PackGate[] {
  return [
    ...gates.filter((g) => g.stage === "static"),
    ...gates.filter((g) => g.stage !== "static"),
  ];
}

/** The last `lines` lines of a log, at most 4 KiB, with control characters removed. */
export function logTail(output: Buffer, lines = 40): string {
  const text = output
    .subarray(Math.max(0, output.length - 16384))
    .toString("utf8")
    .replace(/\u001b\[[0-9;]*[A-Za-z]/g, "")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "");
  const tail = text.split("\n").slice(-lines).join("\n");
  return tail.length > 4096 ? tail.slice(-4096) : tail;
}

/** Run the gates in order with `exec`; stops at the first failure. `envFor` adds env per gate. */
export function runGates(
  gates: readonly PackGate[],
  exec: Executor,
  attempt: number,
  envFor: (gate: PackGate) => Readonly<Record<string, string>> = () => ({}),
): GateResult[] {
  const results: GateResult[] = [];
  let failed = false;
  for (const gate of orderGates(gates)) {
    if (failed) {
      results.push({
        name: gate.name,
        stage: gate.stage,
        command: gate.command,
        attempt,
        status: "skipped",
        exitCode: null,
        durationMs: 0,
        logSha256: "",
        logTail: "",
      });
      continue;
    }
    const r = exec(gate.command, { ...envFor(gate), INTENTC_GATE: gate.name });
    const status = r.timedOut ? "timeout" : r.exitCode === 0 ? "passed" : "failed";
    if (status !== "passed") failed = true;
    results.push({
      name: gate.name,
      stage: gate.stage,
      command: gate.command,
      attempt,
      status,
      exitCode: r.exitCode,
      durationMs: r.durationMs,
      logSha256: createHash("sha256").update(r.output).digest("hex"),
      logTail: logTail(r.output),
    });
  }
  return results;
}

/** True when at least one gate ran and every gate passed (no gates is never a pass). */
export function allPassed(results: readonly GateResult[]): boolean {
  return results.length > 0 && results.every((r) => r.status === "passed");
}

/**
 * Invariant results from the suite reports of the test gates: `passed` only when a model-based
 * suite that checks the invariant ran the slice's implementation (not the generated reference)
 * and passed — with the suite, the number of runs and the seed; `failed` when such a suite
 * failed; otherwise `not-exercised`. Gate exit codes alone never make an invariant pass.
 */
export function propertyResults(
  invariants: readonly string[],
  gates: readonly GateResult[] = [],
  reports: readonly SuiteReport[] = [],
): PropertyResult[] {
  // Only reports of test gates that actually ran count.
  const ran = new Set(
    gates.filter((g) => g.stage === "test" && g.status !== "skipped").map((g) => g.name),
  );
  const mine = reports.filter((r) => r.subject === "implementation" && ran.has(r.gate));
  return invariants.map((name) => {
    const checking = mine.filter((r) => r.invariants.includes(name));
    const failed = checking.find((r) => r.result === "failed");
    if (failed)
      return {
        name,
        status: "failed" as const,
        suite: failed.suite,
        runs: failed.runs,
        seed: failed.seed,
        ...(failed.counterexample ? { counterexample: failed.counterexample } : {}),
      };
    const passed = [...checking].sort((a, b) => b.runs - a.runs)[0];
    if (passed)
      return {
        name,
        status: "passed" as const,
        suite: passed.suite,
        runs: passed.runs,
        seed: passed.seed,
      };
    return { name, status: "not-exercised" as const };
  });
}
