/**
 * The run's record of what the agent did that the agent controls: its stdout and stderr (capped,
 * control characters neutralised, secret values redacted) and the suite reports the test gates
 * wrote. Everything here is untrusted text: it is stored and shown, never interpreted.
 */
import { escapeText } from "../shared/escape.js";
import { readFileNoFollow } from "./manifest.js";
import type { SuiteReport } from "./types.js";

/** Env var naming a test gate's suite report file; intentc/testing (testing/report.ts) writes to it. */
export { SUITE_REPORT_ENV } from "../shared/suite-report.js";

/** Largest stream kept per attempt, in bytes (head and tail are kept, the middle is elided). */
export const OUTPUT_CAP_BYTES = 64 << 10;

/** A captured stream, ready to store and show. */
export interface CapturedStream {
  /** Neutralised text (capped). */
  readonly text: string;
  /** Bytes the agent actually wrote. */
  readonly bytes: number;
  readonly truncated: boolean;
}

/**
 * Make untrusted terminal output safe to store and show: ANSI/OSC escape sequences removed, CR
 * normalised, then every line through the project's one escaper ({@link escapeText}: controls,
 * bidi and zero-width characters shown as `\u{…}`). Newlines are kept; the caller fences the text.
 */
export function neutralise(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, "")
    .replace(/\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)?/g, "")
    .split("\n")
    .map(escapeText)
    .join("\n");
}

/** Replace every occurrence of a secret value with `[redacted:NAME]` (values shorter than 4 are left). */
export function redact(text: string, secrets: Readonly<Record<string, string>>): string {
  let out = text;
  for (const [name, value] of Object.entries(secrets).sort(([, a], [, b]) => b.length - a.length)) {
    if (value.length < 4) continue;
    out = out.split(value).join(`[redacted:${name}]`);
  }
  return out;
}

/** Capture one stream: cap to head + tail, decode, redact, neutralise. */
export function captureStream(
  raw: Buffer,
  secrets: Readonly<Record<string, string>> = {},
  cap = OUTPUT_CAP_BYTES,
): CapturedStream {
  const truncated = raw.length > cap;
  const half = cap >> 1;
  const text = truncated
    ? `${raw.subarray(0, half).toString("utf8")}\n[… ${raw.length - 2 * half} bytes elided by intentc …]\n${raw.subarray(raw.length - half).toString("utf8")}`
    : raw.toString("utf8");
  return { text: neutralise(redact(text, secrets)), bytes: raw.length, truncated };
}

const NAME = /^[A-Za-z0-9._-]{1,200}$/;

/**
 * Read a gate's suite report (JSON lines written by intentc/testing): at most 1 MiB, never
 * through a symlink; lines that are not exactly a well-formed entry are dropped.
 */
export function readSuiteReports(file: string, gate: string): SuiteReport[] {
  const buf = readFileNoFollow(file, 1 << 20);
  if (buf === undefined) return [];
  const out: SuiteReport[] = [];
  for (const line of buf.toString("utf8").split("\n").slice(0, 10_000)) {
    if (line.trim() === "") continue;
    let v: Record<string, unknown>;
    try {
      v = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (v === null || typeof v !== "object" || v.format !== 1 || v.kind !== "model-based") continue;
    const { suite, subject, runs, seed, invariants, result, counterexample } = v;
    if (typeof suite !== "string" || !NAME.test(suite)) continue;
    if (subject !== "implementation" && subject !== "reference") continue;
    if (!Number.isSafeInteger(runs) || (runs as number) < 0 || !Number.isSafeInteger(seed))
      continue;
    if (
      !Array.isArray(invariants) ||
      invariants.length > 1000 ||
      !invariants.every((i) => typeof i === "string" && NAME.test(i))
    )
      continue;
    if (result !== "passed" && result !== "failed") continue;
    out.push({
      gate,
      kind: "model-based",
      suite,
      subject,
      runs: runs as number,
      seed: seed as number,
      invariants: [...new Set(invariants as string[])].sort(),
      result,
      ...(typeof counterexample === "string"
        ? { counterexample: neutralise(counterexample.slice(0, 4000)) }
        : {}),
    });
  }
  return out;
}
