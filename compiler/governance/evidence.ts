/**
 * The evidence package for human review: `evidence.json` (schema: schemas/evidence.schema.ts) and
 * a readable `EVIDENCE.md` that leads with the verdict and what a person must look at — scope,
 * gates, invariants exercised, violations and refused connections, the agent's notes and scope
 * request — in that order; details follow. Everything the agent wrote (notes, scope request,
 * stdout/stderr) is marked untrusted and rendered inside code fences after the one escaper (escape.ts).
 */
import { escapeText, markdownBlock, markdownCode } from "../shared/escape.js";
import type {
  FileChange,
  GateResult,
  NetworkDecision,
  PropertyResult,
  SuiteReport,
  Violation,
} from "./types.js";

/** A recorded approval. */
export interface Approval {
  readonly by: string;
  readonly at: string;
}

/** One captured stream of the agent (the full capped text is in the run dir). */
export interface StreamRecord {
  /** File under the run dir holding the neutralised, capped text. */
  readonly file: string;
  readonly bytes: number;
  readonly truncated: boolean;
  /** Last lines (neutralised), for EVIDENCE.md. */
  readonly tail: string;
}

/** The agent process of one attempt. */
export interface AgentAttempt {
  readonly attempt: number;
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  readonly durationMs: number;
  readonly stdout: StreamRecord;
  readonly stderr: StreamRecord;
}

/** The explorer's verdict on the intent of a machine the slice implements (not on the code). */
export interface ExplorerVerdict {
  readonly machine: string;
  readonly verdict: "clean" | "findings" | "not-run";
  readonly states: number;
  /** True when the whole reachable space was searched; false: "clean" means none found within the budget. */
  readonly complete: boolean;
  readonly findings: readonly string[];
}

/** `evidence.json`. */
/** The working tree compared with the head commit (verify), reported beside the verdict. */
export interface WorktreeExtra {
  readonly note: string;
  readonly files: readonly FileChange[];
  readonly violations: readonly Violation[];
}

export interface Evidence {
  readonly format: 1;
  readonly kind: "run" | "verify";
  readonly slice: string;
  readonly runId?: string;
  readonly packHash: string;
  readonly intentVersions: {
    readonly system: string;
    readonly domains: Readonly<Record<string, string>>;
  };
  readonly base: string;
  readonly head: string;
  readonly result: "passed" | "failed" | "rejected";
  readonly reason: string;
  readonly risk: { readonly tier: string; readonly approvals: number; readonly retries: number };
  readonly attempts: number;
  readonly sandbox: "bwrap" | "none";
  readonly files: readonly FileChange[];
  readonly violations: readonly Violation[];
  /** Attempted writes outside the scope, counted (the first ones are listed in `violations`). */
  readonly blockedAttempts?: number;
  /** Limits the kernel enforced for a run, and how (limits.ts). */
  readonly sandboxLimits?: readonly string[];
  /** Secret-looking files masked inside the sandbox (secrets.ts). */
  readonly masked?: readonly string[];
  readonly gates: readonly GateResult[];
  /** Invariants: `passed` only when a model-based suite ran the implementation against them. */
  readonly properties: readonly PropertyResult[];
  /** Every suite run the test gates reported (implementation and reference). */
  readonly suites?: readonly SuiteReport[];
  /** What the tier requires exercised, and what was not. */
  readonly exercise?: { readonly required: readonly string[]; readonly missing: readonly string[] };
  /** The explorer's verdict on the intent, reported apart from the suites' verdict on the code. */
  readonly explorer?: readonly ExplorerVerdict[];
  /** The slice's allow-list and the proxy's decisions (absent: no network was allowed). */
  readonly network?: {
    readonly enforced: boolean;
    readonly allow: readonly string[];
    readonly refused: readonly NetworkDecision[];
    readonly allowed: readonly NetworkDecision[];
  };
  readonly approvals: { readonly required: number; readonly recorded: readonly Approval[] };
  readonly agent?: {
    readonly name: string;
    readonly command: readonly string[];
    readonly profile?: string;
    /** Names of the env vars passed in (values are never recorded). */
    readonly env?: readonly string[];
  };
  /** The agent's own stdout/stderr per attempt. Untrusted. */
  readonly agentOutput?: readonly AgentAttempt[];
  /** verify: the working tree against the head commit — a labelled extra, never the verdict. */
  readonly worktreeExtra?: WorktreeExtra;
  /** Text the agent wrote. Never trusted, never applied. */
  readonly untrusted: { readonly notes?: string; readonly scopeRequest?: string };
}

/** Inline code for untrusted one-line text (the Markdown sink of shared/escape.ts). */
export function mdCode(text: string): string {
  return markdownCode(text, { pad: true });
}

/** Inline code inside a table cell: `|` written `\|` so a path cannot add a column. */
const cellCode = (text: string): string => markdownCode(text, { table: true, pad: true });

/** A fenced block for untrusted multi-line text (the Markdown sink of shared/escape.ts). */
export function mdBlock(text: string): string {
  return markdownBlock(text);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function lastAttemptGates(e: Evidence): GateResult[] {
  const last = Math.max(0, ...e.gates.map((g) => g.attempt));
  return e.gates.filter((g) => g.attempt === last);
}

/** The short "what to look at" list under the verdict. */
function summary(e: Evidence): string[] {
  const out = e.files.filter((f) => !f.inScope).length;
  const blocked = e.blockedAttempts ?? e.violations.filter((v) => v.blocked).length;
  const gates = lastAttemptGates(e);
  const passedGates = gates.filter((g) => g.status === "passed").length;
  const exercised = e.properties.filter((p) => p.status === "passed").length;
  const failedInv = e.properties.filter((p) => p.status === "failed").length;
  const refused = e.network?.refused.length ?? 0;
  const L: string[] = [];
  L.push(
    `1. **Scope:** ${plural(e.files.length, "file")} changed, ${out === 0 ? "all in scope" : `**${out} out of scope**`}; ${blocked === 0 ? "no blocked write attempts" : `**${plural(blocked, "blocked write attempt")}**`}.`,
  );
  L.push(
    `2. **Gates:** ${gates.length === 0 ? "**none ran**" : `${passedGates} of ${gates.length} passed`} (attempt ${e.attempts}).`,
  );
  const req = e.exercise;
  L.push(
    `3. **Invariants exercised on the implementation:** ${exercised} of ${e.properties.length}` +
      (failedInv > 0 ? `, **${failedInv} failed**` : "") +
      (req && req.required.length > 0
        ? `; the tier requires ${req.required.length}${req.missing.length > 0 ? `, **missing ${req.missing.map(mdCode).join(", ")}**` : ", all met"}`
        : "") +
      ".",
  );
  L.push(
    `4. **Violations:** ${e.violations.length === 0 ? "none" : `**${e.violations.length}**`}. **Refused connections:** ${refused === 0 ? "none" : `**${refused}**`}${e.network && !e.network.enforced ? " (**network not enforced: unsafe run**)" : ""}.`,
  );
  L.push(
    `5. **Agent notes / scope request (untrusted):** ${e.untrusted.notes !== undefined ? "notes left" : "no notes"}; ${e.untrusted.scopeRequest !== undefined ? "**a scope request** (surfaced, never applied)" : "no scope request"}.`,
  );
  return L;
}

/** Render `EVIDENCE.md`. */
export function renderEvidenceMarkdown(e: Evidence): string {
  const L: string[] = [];
  L.push(`# Evidence: slice ${mdCode(e.slice)}${e.runId ? ` · run ${mdCode(e.runId)}` : ""}`, "");
  L.push(`**Result: ${e.result.toUpperCase()}** — ${escapeText(e.reason)}`, "");
  L.push(...summary(e));
  L.push("", "## Scope", "");
  if (e.files.length === 0) L.push("No files changed.");
  for (const f of e.files)
    L.push(
      `- ${f.inScope ? "in scope" : "**OUT OF SCOPE**"} · ${f.status} · ${f.type} · ${mdCode(f.path)}${f.hidden ? " (hidden by .gitignore)" : ""}${f.renamedFrom ? ` (from ${mdCode(f.renamedFrom)})` : ""}`,
    );
  L.push("", "## Gates", "");
  if (e.gates.length === 0)
    L.push("**No gate ran.** A change that passed no check is never a pass.");
  else
    L.push(
      "| attempt | gate | stage | command | status | exit | duration | log sha256 |",
      "|---|---|---|---|---|---|---|---|",
    );
  for (const g of e.gates)
    L.push(
      `| ${g.attempt} | ${mdCode(g.name)} | ${g.stage} | ${cellCode(g.command.join(" "))} | ${g.status} | ${g.exitCode ?? "—"} | ${g.durationMs} ms | \`${g.logSha256.slice(0, 16) || "—"}\` |`,
    );
  L.push("", "## Invariants exercised on the implementation", "");
  L.push(
    "`passed` only when a generated model-based suite ran the slice's implementation and checked the invariant; gate exit codes alone never count.",
    "",
  );
  if (e.properties.length === 0) L.push("None declared on what this slice implements.");
  for (const p of e.properties) {
    const how =
      p.suite !== undefined ? ` — suite ${mdCode(p.suite)}, ${p.runs} runs, seed ${p.seed}` : "";
    L.push(
      `- ${mdCode(p.name)}: ${p.status === "passed" ? "passed" : p.status === "failed" ? "**FAILED**" : "not exercised"}${how}`,
    );
    if (p.counterexample) L.push("", mdBlock(p.counterexample), "");
  }
  const ref = (e.suites ?? []).filter((s) => s.subject === "reference");
  if (ref.length > 0) {
    L.push(
      "",
      "Suites that ran only the generated reference (model or machine), not the implementation — they say nothing about the code:",
    );
    for (const s of ref)
      L.push(
        `- ${mdCode(s.suite)} (gate ${mdCode(s.gate)}): ${s.result}, ${s.runs} runs, seed ${s.seed}`,
      );
  }
  L.push("", "### Explorer verdict on the intent (separate from the code)", "");
  if (e.explorer === undefined) L.push("Not run for this evidence.");
  else if (e.explorer.length === 0) L.push("The slice implements no machine; nothing to explore.");
  for (const x of e.explorer ?? [])
    L.push(
      `- ${mdCode(x.machine)}: ${x.verdict}${x.verdict !== "not-run" ? ` (${x.states} states, ${x.complete ? "exhaustive" : "budget reached: not exhaustive"})` : ""}${x.findings.map((f) => `; ${mdCode(f)}`).join("")}`,
    );
  L.push("", "## Violations", "");
  if (e.violations.length === 0) L.push("None.");
  for (const v of e.violations)
    L.push(
      `- **${v.rule}**${v.blocked ? " (blocked attempt)" : ""} ${mdCode(v.path)}: ${mdCode(v.message)}`,
    );
  if ((e.blockedAttempts ?? 0) > e.violations.filter((v) => v.blocked).length)
    L.push(
      `- … ${e.blockedAttempts! - e.violations.filter((v) => v.blocked).length} more blocked attempts not listed.`,
    );
  L.push("", "## Network", "");
  if (e.kind === "verify") L.push("Not applicable: verify runs no agent.");
  else if (e.sandbox === "none")
    L.push("**Not enforced: unsafe run without a sandbox — the agent had the host's network.**");
  else if (e.network === undefined)
    L.push("No network allowed (the sandbox has loopback only and no resolver).");
  if (e.network !== undefined && e.sandbox !== "none") {
    L.push(
      `Allow-list: ${e.network.allow.map(mdCode).join(", ")}${e.network.enforced ? " — enforced by the proxy outside the sandbox." : " — **NOT enforced (unsafe run)**."}`,
      "",
    );
    if (e.network.refused.length === 0) L.push("Refused connections: none.");
    for (const d of e.network.refused)
      L.push(
        `- **refused** ${d.kind} ${mdCode(`${d.host}:${d.port}`)}${d.reason ? ` — ${mdCode(d.reason)}` : ""}`,
      );
    for (const d of e.network.allowed)
      L.push(
        `- allowed ${d.kind} ${mdCode(`${d.host}:${d.port}`)}${d.error ? ` — upstream error ${mdCode(d.error)}` : ""}`,
      );
  }
  L.push("", "## Agent notes (UNTRUSTED — written by the agent, not verified)", "");
  L.push(e.untrusted.notes !== undefined ? mdBlock(e.untrusted.notes) : "The agent left no notes.");
  L.push("", "## Scope request (UNTRUSTED — surfaced, never applied)", "");
  L.push(e.untrusted.scopeRequest !== undefined ? mdBlock(e.untrusted.scopeRequest) : "None.");
  L.push("", "## Details", "");
  L.push("| | |", "|---|---|");
  L.push(`| pack hash | \`${e.packHash}\` |`);
  L.push(`| base..head | \`${e.base}\`..\`${e.head}\` |`);
  L.push(
    `| intent | system ${mdCode(e.intentVersions.system)}${Object.entries(e.intentVersions.domains)
      .map(([d, v]) => `, ${mdCode(d)} ${mdCode(v)}`)
      .join("")} |`,
  );
  L.push(
    `| risk tier | ${mdCode(e.risk.tier)} (retries ${e.risk.retries}, approvals ${e.risk.approvals}) |`,
  );
  L.push(`| attempts | ${e.attempts} |`);
  L.push(`| sandbox | ${e.sandbox === "bwrap" ? "bubblewrap" : "**none (unsafe)**"} |`);
  if (e.agent)
    L.push(
      `| agent | ${mdCode(e.agent.name)}${e.agent.profile ? ` (profile ${e.agent.profile})` : ""}: ${cellCode(e.agent.command.join(" "))} |`,
      `| env passed in | ${e.agent.env && e.agent.env.length > 0 ? e.agent.env.map(mdCode).join(", ") + " (names only; values never recorded)" : "none"} |`,
    );
  if (e.sandboxLimits !== undefined)
    L.push(
      `| limits enforced | ${e.sandboxLimits.length === 0 ? "none recorded" : e.sandboxLimits.map((l) => escapeText(l).replace(/\|/g, "\\|")).join("; ")} |`,
    );
  if (e.masked !== undefined)
    L.push(
      `| secrets masked | ${e.masked.length === 0 ? "none matched" : e.masked.map(cellCode).join(", ")} |`,
    );
  if (e.worktreeExtra !== undefined) {
    L.push(
      "",
      "### Working tree (NOT verified — an extra beside the verdict, which compares commits)",
      "",
      escapeText(e.worktreeExtra.note),
      "",
    );
    for (const f of e.worktreeExtra.files) L.push(`- ${f.status} · ${f.type} · ${mdCode(f.path)}`);
    for (const v of e.worktreeExtra.violations)
      L.push(`- **${v.rule}** ${mdCode(v.path)}: ${mdCode(v.message)}`);
  }
  L.push(
    "",
    "### Approvals",
    "",
    `Required: ${e.approvals.required}. Recorded: ${e.approvals.recorded.length}.`,
  );
  for (const a of e.approvals.recorded) L.push(`- ${mdCode(a.by)} at ${mdCode(a.at)}`);
  if (e.agentOutput !== undefined && e.agentOutput.length > 0) {
    L.push(
      "",
      "### Agent output (UNTRUSTED — the agent's own stdout and stderr, capped, control characters neutralised)",
      "",
    );
    for (const a of e.agentOutput) {
      L.push(
        `Attempt ${a.attempt}: exit ${a.exitCode ?? "—"}${a.timedOut ? " (timeout)" : ""}, ${a.durationMs} ms; stdout ${a.stdout.bytes} bytes${a.stdout.truncated ? " (capped)" : ""} in ${mdCode(a.stdout.file)}, stderr ${a.stderr.bytes} bytes${a.stderr.truncated ? " (capped)" : ""} in ${mdCode(a.stderr.file)}.`,
        "",
      );
      if (a.stdout.tail !== "") L.push("stdout (last lines):", "", mdBlock(a.stdout.tail), "");
      if (a.stderr.tail !== "") L.push("stderr (last lines):", "", mdBlock(a.stderr.tail), "");
    }
  }
  return L.join("\n") + "\n";
}
