/**
 * Native agent files of a slice pack: AGENTS.md (+ one-line CLAUDE.md), SKILL.md and a Cursor
 * rule. Each says the same thing — scope, interfaces, invariants, what "done" means — in the
 * format the agent reads natively. The OS sandbox enforces it; these files only inform.
 */
import { withHeader } from "../code.js";
import { kebabCase } from "../naming.js";
import type { PackModel } from "./model.js";
import { targetName } from "./model.js";
import { mdCode, mdText, yamlString } from "./text.js";

/** Where the pack's files land in the agent's worktree. */
export function skillDir(model: PackModel): string {
  return `.claude/skills/${kebabCase(model.slice.name)}`;
}

function gateLines(model: PackModel): string[] {
  if (model.gates.length === 0) return ["- (no gates declared for this tier)"];
  return model.gates.map(
    (g, i) => `${i + 1}. ${mdCode(g.name)} (${g.stage}): ${mdCode(g.command.join(" "))}`,
  );
}

/** AGENTS.md: the brief (aim ≈ 1.5k tokens), fenced with intentc markers. */
export function renderAgentsMd(
  model: PackModel,
  interfaceFiles: readonly string[],
  hashShort: string,
): string {
  const s = model.slice;
  const L: string[] = [];
  L.push(`<!-- intentc:begin slice=${s.name} hash=${hashShort} -->`);
  L.push(`# Slice ${mdCode(s.name)} (domain ${mdCode(model.domain.name)})`, "");
  L.push(`> ${mdText(s.says)}`, "");
  L.push("## Scope", "");
  L.push(`- You may create and edit files only under: ${s.writes.map(mdCode).join(", ")}.`);
  L.push(
    `- You may read: ${[...s.reads, ...s.writes].map(mdCode).join(", ")}, and the contracts below.`,
  );
  L.push(
    "- Everything else is read-only, enforced by the OS sandbox. Never edit `intent/`, `generated/`, `AGENTS.md`, `CLAUDE.md`, `.claude/`, `.cursor/`, `.git`, `.gitignore` or `.gitattributes`; leave no symlinks, FIFOs or executable-bit changes.",
  );
  L.push(
    `- Network: ${s.network.length === 0 ? "none." : s.network.map(mdCode).join(", ") + " only."}`,
  );
  L.push(
    `- Tools: ${s.tools.length === 0 ? "none declared." : s.tools.map(mdCode).join(", ") + "."}`,
    "",
  );
  L.push("## Implements", "");
  for (const t of s.implements) L.push(`- ${t.kind} ${mdCode(targetName(t))}`);
  if (s.implements.length === 0) L.push("- (nothing declared)");
  L.push("", "Contracts, reference models and generated tests (read them; do not edit):", "");
  for (const c of model.contracts) L.push(`- ${mdCode(`generated/${c}`)}`);
  const machines = s.implements.filter((t) => t.kind === "machine");
  if (machines.length > 0) {
    L.push("", "## How your implementation is checked", "");
    for (const t of machines) {
      const m = t.ref.name;
      L.push(
        `- Implement ${mdCode(`${m}Implementation`)} from ${mdCode(`generated/machines/${t.ref.domain}/${m}.model.ts`)} ` +
          `and run it through ${mdCode(`check${m}Implementation(() => impl)`)} from ${mdCode(`generated/tests/${t.ref.domain}/${m}.model-suite.ts`)}: ` +
          "random event sequences drive your code and the reference model side by side; states, contracts and every invariant are compared after each step.",
      );
    }
  }
  L.push("", "## Interfaces you may call", "");
  if (s.uses.length === 0) L.push("- (none)");
  for (const t of s.uses) {
    const file = interfaceFiles.find((f) => f === `${targetName(t)}.d.ts`);
    const where = file
      ? ` — signatures in ${mdCode(`${skillDir(model)}/references/interfaces/${file}`)}`
      : "";
    L.push(`- ${t.kind} ${mdCode(targetName(t))}${where}`);
  }
  L.push("", "## Invariants that must always hold", "");
  if (model.invariants.length === 0) L.push("- (none declared on what this slice implements)");
  for (const i of model.invariants)
    L.push(`- ${mdCode(i.id)} (${i.severity}): ${mdText(i.says)} — ${mdCode(i.rule)}`);
  L.push("", "## Done means", "");
  L.push(
    "Every gate passes, in this order (static first, then tests):",
    "",
    ...gateLines(model),
    "",
  );
  L.push(
    `Risk tier ${mdCode(model.tier.name)}: a failing gate is fed back to you at most ${model.tier.retries} time(s) (see \`$INTENTC_FEEDBACK\`), then the run ends as failed. ` +
      `Promotion needs ${model.tier.approvals} human approval(s); you cannot promote your own change.`,
  );
  L.push("", "## Notes and scope requests", "");
  L.push(
    "- Write what a reviewer should know to `$INTENTC_OUT/notes.md` (shown to them marked untrusted).",
  );
  L.push(
    "- If you need a path outside your scope, do not work around it: write `$INTENTC_OUT/scope-request.md` with the path and the reason. It is surfaced to a human, never applied.",
  );
  L.push("", "Sizes in this pack are estimated as ceil(bytes / 4) tokens.");
  L.push("<!-- intentc:end -->");
  return withHeader(L.join("\n") + "\n", "md");
}

/** CLAUDE.md: one line importing AGENTS.md (Claude Code's `@path` import). */
export function renderClaudeMd(): string {
  return "@AGENTS.md\n";
}

/** SKILL.md with `name`, `description` and `allowed-tools` frontmatter (pre-approval only). */
export function renderSkillMd(model: PackModel, interfaceFiles: readonly string[]): string {
  const s = model.slice;
  const tools: string[] = [];
  if (s.tools.includes("read")) tools.push("Read", "Grep", "Glob");
  if (s.tools.includes("edit")) tools.push("Edit", "Write");
  if (s.tools.includes("test"))
    for (const g of model.gates) tools.push(`Bash(${g.command.join(" ")})`);
  const body: string[] = [];
  body.push(`# Slice ${mdCode(s.name)}`, "", mdText(s.says), "");
  body.push(
    `Write only under ${s.writes.map(mdCode).join(", ")}. The full brief is \`AGENTS.md\` at the repository root.`,
    "",
  );
  body.push("## References", "");
  body.push("- `references/gates.md`: the gates that decide whether the change is done.");
  for (const f of interfaceFiles)
    body.push(`- ${mdCode(`references/interfaces/${f}`)}: signatures of a slice you use.`);
  for (const c of model.contracts) body.push(`- ${mdCode(`generated/${c}`)}`);
  const front = [
    "---",
    `name: ${kebabCase(s.name)}`,
    `description: ${yamlString(`Implement slice ${s.name}: ${s.says}`)}`,
    ...(tools.length > 0 ? [`allowed-tools: ${yamlString(tools.join(", "))}`] : []),
    "---",
  ].join("\n");
  return `${front}\n${withHeader(body.join("\n") + "\n", "md")}`;
}

/** references/gates.md for the skill. */
export function renderGatesMd(model: PackModel): string {
  const L = [
    `# Gates for slice ${mdCode(model.slice.name)}`,
    "",
    `Risk tier ${mdCode(model.tier.name)}: retries ${model.tier.retries}, approvals ${model.tier.approvals}.`,
    "",
    ...gateLines(model),
  ];
  return withHeader(L.join("\n") + "\n", "md");
}

/** Cursor rule `.cursor/rules/<id>.mdc` (description, globs, alwaysApply). */
export function renderCursorRule(model: PackModel): string {
  const s = model.slice;
  const front = [
    "---",
    `description: ${yamlString(`Slice ${s.name}: ${s.says}`)}`,
    `globs: ${yamlString(s.writes.join(","))}`,
    "alwaysApply: false",
    "---",
  ].join("\n");
  const body = [
    `Files matching these globs belong to slice ${mdCode(s.name)}. Read \`AGENTS.md\` for the scope, interfaces, invariants and gates.`,
    "Do not edit files outside the slice's write scope; the sandbox rejects such changes.",
  ];
  return `${front}\n${withHeader(body.join("\n") + "\n", "md")}`;
}
