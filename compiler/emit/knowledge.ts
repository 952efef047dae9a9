/**
 * Emitter: knowledge compression. docs/CHANGELOG.md, docs/INVARIANTS.md, docs/SYSTEM.md and
 * docs/diagrams/*.mmd (SYSTEM.md links each flow's sequence diagram in docs/sequences/), all a
 * pure function of (program, previous lock): the change log and the "changed" marks come from the
 * lock's accumulated history plus the diff against its program (see compiler/diff/changelog.ts),
 * so a rebuild without an intent change writes the same bytes.
 */
import { defineEmitter } from "./emitter.js";
import { withHeader } from "./code.js";
import type { Domain, Program } from "../ir/types.js";
import { escapeMarkdown, markdownCode } from "../shared/escape.js";
import { currentEntry, type ChangelogEntry } from "../diff/changelog.js";
import { dependencyDiagram, flowDiagram, machineDiagram } from "./docs-site/mermaid.js";

/** Markdown inline text (the Markdown sink of shared/escape.ts; safe in a table cell). */
export function mdText(text: string | undefined): string {
  return escapeMarkdown(text ?? "");
}

/** A code span inside a table cell (the Markdown sink of shared/escape.ts). */
function mdCode(text: string): string {
  return markdownCode(text, { table: true });
}

/** Changed element paths of each domain's current version. */
export function changedPaths(
  program: Program,
  history: readonly ChangelogEntry[],
): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const d of program.domains)
    out.set(
      d.name,
      new Set(currentEntry(history, d.name, d.version)?.changes.map((c) => c.path) ?? []),
    );
  return out;
}

const INVARIANT_MARKS: Record<string, string> = {
  "invariant-added": "added",
  "invariant-strengthened": "tightened",
  "invariant-weakened": "relaxed",
  "invariant-changed": "changed",
  "invariant-entity-changed": "changed",
  "invariant-severity-changed": "severity changed",
  "invariant-removed": "removed",
};

/** Mark of an invariant in its domain's current version (`added`, `tightened`…), or "". */
export function invariantMark(
  entry: ChangelogEntry | undefined,
  domain: string,
  id: string,
): string {
  const p = `${domain}.invariants.${id}`;
  const c = entry?.changes.find(
    (x) => (x.path === p || x.path.startsWith(`${p}.`)) && INVARIANT_MARKS[x.rule] !== undefined,
  );
  return c === undefined ? "" : INVARIANT_MARKS[c.rule];
}

function changelogMd(history: readonly ChangelogEntry[]): string {
  const lines = ["# Change log", ""];
  for (const e of history) {
    lines.push(`## ${mdText(e.domain)} ${mdText(e.version)}`, "");
    if (e.baseline && e.changes.length === 0)
      lines.push("- Baseline: first version recorded in the lock.");
    for (const level of ["error", "warn", "info"] as const) {
      for (const c of e.changes.filter((x) => x.level === level)) {
        const tag = level === "error" ? "breaking" : level === "warn" ? "review" : "compatible";
        lines.push(`- **${tag}** \`${c.rule}\` ${mdText(c.message)}`);
      }
    }
    lines.push("");
  }
  return lines.join("\n");
}

function invariantsMd(program: Program, history: readonly ChangelogEntry[]): string {
  const lines = ["# Invariants", ""];
  for (const d of program.domains) {
    const entry = currentEntry(history, d.name, d.version);
    lines.push(`## ${mdText(d.name)} ${mdText(d.version)}`, "");
    if (d.invariants.length > 0) {
      lines.push("| id | on | severity | says | holds | mark |", "|---|---|---|---|---|---|");
      for (const inv of d.invariants) {
        const holds = inv.when ? `when ${inv.when.source}: ${inv.holds.source}` : inv.holds.source;
        lines.push(
          `| ${mdText(inv.name)} | ${mdText(inv.entity.name)} | ${inv.severity} | ${mdText(inv.says)} | ${mdCode(holds)} | ${invariantMark(entry, d.name, inv.name)} |`,
        );
      }
      lines.push("");
    }
    const removed = entry?.changes.filter((c) => c.rule === "invariant-removed") ?? [];
    for (const r of removed) lines.push(`- removed: ${mdText(r.path.split(".").pop())}`);
    if (removed.length > 0) lines.push("");
  }
  return lines.join("\n");
}

function systemMd(program: Program): string {
  const sys = program.system;
  const lines = [`# ${mdText(sys.name || "System")} ${mdText(sys.version)}`, ""];
  if (sys.summary) lines.push(mdText(sys.summary), "");
  lines.push(
    "| domain | version | summary | entities | machines | invariants | flows | slices |",
    "|---|---|---|---|---|---|---|---|",
  );
  for (const d of program.domains) {
    lines.push(
      `| ${mdText(d.name)} | ${mdText(d.version)} | ${mdText(d.summary)} | ${d.entities.length} | ${d.machines.length} | ${d.invariants.length} | ${d.flows.length} | ${d.slices.length} |`,
    );
  }
  lines.push("", "## Machines", "");
  for (const d of program.domains)
    for (const m of d.machines)
      lines.push(
        `- ${mdText(d.name)}.${mdText(m.name)} on ${mdText(m.entity.name)}: ${m.states.length} states, initial ${mdText(m.initial)}`,
      );
  lines.push("", "## Flows", "");
  for (const d of program.domains) {
    for (const f of d.flows) {
      // Names match [A-Za-z][A-Za-z0-9_]* (meta-schema), so they are safe in a link destination.
      const seq = `sequences/${d.name}.${f.name}`;
      lines.push(
        `- ${mdText(d.name)}.${mdText(f.name)}: ${mdText(f.says)} (sequence diagram: [svg](${seq}.svg), [text](${seq}.txt))`,
      );
    }
  }
  lines.push(
    "",
    "## Slices and risk tiers",
    "",
    "| slice | risk | implements | uses |",
    "|---|---|---|---|",
  );
  for (const d of program.domains) {
    for (const s of d.slices) {
      const refs = (ts: typeof s.uses) =>
        ts.map((t) => mdText(`${t.ref.domain}.${t.ref.name}`)).join(", ");
      lines.push(
        `| ${mdText(d.name)}/${mdText(s.name)} | ${mdText(s.risk)} | ${refs(s.implements)} | ${refs(s.uses)} |`,
      );
    }
  }
  lines.push(
    "",
    "## Dependency map",
    "",
    "```mermaid",
    dependencyDiagram(program).trimEnd(),
    "```",
    "",
  );
  return lines.join("\n");
}

/** Every diagram source keyed by its file name under docs/diagrams/. */
export function diagrams(program: Program, changed: Map<string, Set<string>>): Map<string, string> {
  const out = new Map<string, string>();
  const each = (d: Domain) => changed.get(d.name) ?? new Set<string>();
  for (const d of program.domains) {
    for (const m of d.machines) out.set(`${d.name}.${m.name}.mmd`, machineDiagram(d, m, each(d)));
    for (const f of d.flows) out.set(`${d.name}.flow.${f.name}.mmd`, flowDiagram(d, f, each(d)));
  }
  return out;
}

/** The knowledge emitter (change log, invariant catalogue, system summary, diagrams). */
export const knowledgeEmitter = defineEmitter({
  name: "knowledge",
  description: "docs/CHANGELOG.md, INVARIANTS.md, SYSTEM.md and docs/diagrams/*.mmd",
  emit(program, ctx) {
    const history = ctx.analysis.changelog;
    const out = new Map<string, string>();
    out.set("docs/CHANGELOG.md", withHeader(changelogMd(history), "md"));
    out.set("docs/INVARIANTS.md", withHeader(invariantsMd(program, history), "md"));
    out.set("docs/SYSTEM.md", withHeader(systemMd(program), "md"));
    for (const [name, text] of diagrams(program, changedPaths(program, history)))
      out.set(`docs/diagrams/${name}`, withHeader(text, "mmd"));
    return out;
  },
});
