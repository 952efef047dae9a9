/**
 * Gates: the tier's commands, static first then test, each run by argv (never a shell) and
 * recorded with its exit code, duration and a sha256 of its output. The first failure stops the
 * sequence; later gates are recorded as skipped.
 */
import { createHash } from "node:crypto";
import type { Executor } from "./sandbox.js";
import type { GateResult, PackGate, PropertyResult } from "./types.js";

/** Gates in run order: every static gate before any test gate, otherwise the tier's order. */
export function orderGates(gates: readonly PackGate[]): PackGate[] {
  return [...gates.filter((g) => g.stage === "static"), ...gates.filter((g) => g.stage !== "static")];
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

/** Run the gates in order with `exec`; stops at the first failure. */
export function runGates(gates: readonly PackGate[], exec: Executor, attempt: number): GateResult[] {
  const results: GateResult[] = [];
  let failed = false;
  for (const gate of orderGates(gates)) {
    if (failed) {
      results.push({ name: gate.name, stage: gate.stage, command: gate.command, attempt, status: "skipped", exitCode: null, durationMs: 0, logSha256: "", logTail: "" });
      continue;
    }
    const r = exec(gate.command, { INTENTC_GATE: gate.name });
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

/** True when every gate in a list passed. */
export function allPassed(results: readonly GateResult[]): boolean {
  return results.length > 0 ? results.every((r) => r.status === "passed") : true;
}

/**
 * Invariant and property results from the test gates' output: an invariant is failed when its id
 * appears on a failing line, with the fast-check `Counterexample:` line when one is printed.
 */
export function propertyResults(invariants: readonly string[], gates: readonly GateResult[]): PropertyResult[] {
  const testGates = gates.filter((g) => g.stage === "test");
  const ran = testGates.length > 0 && testGates.every((g) => g.status !== "skipped");
  return invariants.map((name) => {
    if (!ran) return { name, status: "not-run" as const };
    const id = name.split(".").pop() ?? name;
    for (const g of testGates) {
      if (g.status === "passed") continue;
      const lines = g.logTail.split("\n");
      const i = lines.findIndex((l) => l.includes(id) && /fail|✗|×|error/i.test(l));
      if (i >= 0) {
        const ce = lines.slice(i).find((l) => /Counterexample:/.test(l));
        return { name, status: "failed" as const, ...(ce ? { counterexample: ce.trim() } : {}) };
      }
    }
    return { name, status: testGates.every((g) => g.status === "passed") ? ("passed" as const) : ("not-run" as const) };
  });
}
