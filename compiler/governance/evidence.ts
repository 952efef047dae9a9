/**
 * The evidence package for human review: `evidence.json` (schema: schemas/evidence.schema.ts) and
 * a readable `EVIDENCE.md`. The agent's notes and scope request are kept in a separate section
 * marked untrusted and rendered inside code fences, so they cannot pose as intentc's own text.
 */
import { escapeText } from "../shared/escape.js";
import type { FileChange, GateResult, PropertyResult, Violation } from "./types.js";

/** A recorded approval. */
export interface Approval {
  readonly by: string;
  readonly at: string;
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
  readonly intentVersions: { readonly system: string; readonly domains: Readonly<Record<string, string>> };
  readonly base: string;
  readonly head: string;
  readonly result: "passed" | "failed" | "rejected";
  readonly reason: string;
  readonly risk: { readonly tier: string; readonly approvals: number; readonly retries: number };
  readonly attempts: number;
  readonly sandbox: "bwrap" | "none";
  readonly files: readonly FileChange[];
  readonly violations: readonly Violation[];
  /** Limits the kernel enforced for a run, and how (limits.ts). */
  readonly sandboxLimits?: readonly string[];
  /** Secret-looking files masked inside the sandbox (secrets.ts). */
  readonly masked?: readonly string[];
  readonly gates: readonly GateResult[];
  readonly properties: readonly PropertyResult[];
  readonly approvals: { readonly required: number; readonly recorded: readonly Approval[] };
  readonly agent?: { readonly name: string; readonly command: readonly string[] };
  /** verify: the working tree against the head commit — a labelled extra, never the verdict. */
  readonly worktreeExtra?: WorktreeExtra;
  /** Text the agent wrote. Never trusted, never applied. */
  readonly untrusted: { readonly notes?: string; readonly scopeRequest?: string };
}

/** Inline code for untrusted one-line text: a fence longer than any backtick run inside. */
export function mdCode(text: string): string {
  const clean = escapeText(text);
  const longest = Math.max(0, ...[...clean.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence} ${clean} ${fence}`;
}

/** A fenced block for untrusted multi-line text. */
export function mdBlock(text: string): string {
  const clean = text.replace(/\r\n?/g, "\n").split("\n").map(escapeText).join("\n");
  const longest = Math.max(2, ...[...clean.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}text\n${clean.replace(/\n*$/, "")}\n${fence}`;
}

/** Render `EVIDENCE.md`. */
export function renderEvidenceMarkdown(e: Evidence): string {
  const L: string[] = [];
  L.push(`# Evidence: slice ${mdCode(e.slice)}${e.runId ? ` · run ${mdCode(e.runId)}` : ""}`, "");
  L.push(`**Result: ${e.result.toUpperCase()}** — ${e.reason}`, "");
  L.push("| | |", "|---|---|");
  L.push(`| pack hash | \`${e.packHash}\` |`);
  L.push(`| base..head | \`${e.base}\`..\`${e.head}\` |`);
  L.push(`| intent | system ${e.intentVersions.system}${Object.entries(e.intentVersions.domains).map(([d, v]) => `, ${d} ${v}`).join("")} |`);
  L.push(`| risk tier | ${e.risk.tier} (retries ${e.risk.retries}, approvals ${e.risk.approvals}) |`);
  L.push(`| attempts | ${e.attempts} |`);
  L.push(`| sandbox | ${e.sandbox === "bwrap" ? "bubblewrap" : "**none (unsafe)**"} |`, "");
  L.push("## Files changed vs scope", "");
  if (e.files.length === 0) L.push("No files changed.");
  for (const f of e.files)
    L.push(`- ${f.inScope ? "in scope" : "**OUT OF SCOPE**"} · ${f.status} · ${f.type} · ${mdCode(f.path)}${f.hidden ? " (hidden by .gitignore)" : ""}${f.renamedFrom ? ` (from ${mdCode(f.renamedFrom)})` : ""}`);
  L.push("", "## Violations", "");
  if (e.violations.length === 0) L.push("None.");
  for (const v of e.violations) L.push(`- **${v.rule}** ${mdCode(v.path)}: ${mdCode(v.message)}`);
  L.push("", "## Gates", "", "| attempt | gate | stage | command | status | exit | duration | log sha256 |", "|---|---|---|---|---|---|---|---|");
  for (const g of e.gates)
    L.push(`| ${g.attempt} | ${g.name} | ${g.stage} | ${mdCode(g.command.join(" ")).replace(/\|/g, "\\|")} | ${g.status} | ${g.exitCode ?? "—"} | ${g.durationMs} ms | \`${g.logSha256.slice(0, 16) || "—"}\` |`);
  L.push("", "## Invariants and properties", "");
  if (e.properties.length === 0) L.push("None declared for this slice.");
  for (const p of e.properties) L.push(`- ${p.name}: ${p.status}${p.counterexample ? ` — counterexample ${mdCode(p.counterexample)}` : ""}`);
  L.push("", "## Approvals", "", `Required: ${e.approvals.required}. Recorded: ${e.approvals.recorded.length}.`);
  for (const a of e.approvals.recorded) L.push(`- ${mdCode(a.by)} at ${a.at}`);
  L.push("", "## Agent notes (UNTRUSTED — written by the agent, not verified)", "");
  L.push(e.untrusted.notes !== undefined ? mdBlock(e.untrusted.notes) : "The agent left no notes.");
  L.push("", "## Scope request (UNTRUSTED — surfaced, never applied)", "");
  L.push(e.untrusted.scopeRequest !== undefined ? mdBlock(e.untrusted.scopeRequest) : "None.");
  return L.join("\n") + "\n";
}
