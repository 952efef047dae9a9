/**
 * Emitter: slices/<slice>/ — one folder per slice for an AI coding agent: slice.json (validated by
 * the published slices/slice.schema.json), AGENTS.md + CLAUDE.md, SKILL.md with references, a
 * Cursor rule, Claude Code settings, sandbox-runtime settings, bwrap and docker scripts, and the
 * `.d.ts` interfaces of the slices it uses. Sizes are bytes and ceil(bytes / 4) estimated tokens.
 */
import { sha256, stableJson } from "./code.js";
import { createDiagnostic } from "../diagnostics.js";
import { defineEmitter, type EmittedFiles, type EmitContext } from "./emitter.js";
import type { Domain, Program, Slice } from "../ir/types.js";
import { evidenceSchema } from "../governance/schemas/evidence.schema.js";
import { sliceSchema } from "../governance/schemas/slice.schema.js";
import { writeRootOf } from "../governance/scope.js";
import type { SlicePack } from "../governance/types.js";
import { packModel, targetName } from "./slice-packs/model.js";
import { interfaceFileName, renderApiInterface } from "./slice-packs/interfaces.js";
import {
  renderAgentsMd,
  renderClaudeMd,
  renderCursorRule,
  renderGatesMd,
  renderSkillMd,
  skillDir,
} from "./slice-packs/agent-files.js";
import {
  renderBwrapScript,
  renderClaudeSettings,
  renderDockerScript,
  renderSrtSettings,
} from "./slice-packs/sandbox-files.js";
import { estimateTokens } from "./slice-packs/text.js";

/** Codex truncates AGENTS.md past this many bytes. */
export const AGENTS_MD_LIMIT = 32 * 1024;

/** Pack files the agent reads as context (counted against the budget). */
const CONTEXT_PREFIXES = ["AGENTS.md", "CLAUDE.md", "SKILL.md", "cursor/", "references/"];

/** Emit the pack of one slice: files relative to the pack dir, plus diagnostics. */
export function emitSlicePack(
  program: Program,
  domain: Domain,
  slice: Slice,
  ctx: Pick<EmitContext, "report" | "options">,
): Map<string, string> {
  const model = packModel(program, domain, slice);
  for (const glob of slice.writes)
    if (writeRootOf(glob) === undefined)
      ctx.report(createDiagnostic("slice-no-write-root", { glob, slice: slice.name }, slice.loc));
  const files = new Map<string, string>();
  const interfaces = model.usedApis.map((api) => ({
    name: interfaceFileName(api),
    text: renderApiInterface(program, api),
  }));
  for (const i of interfaces) files.set(`references/interfaces/${i.name}`, i.text);
  files.set("references/gates.md", renderGatesMd(model));
  files.set(
    "SKILL.md",
    renderSkillMd(
      model,
      interfaces.map((i) => i.name),
    ),
  );
  files.set(`cursor/${slice.name}.mdc`, renderCursorRule(model));
  files.set("CLAUDE.md", renderClaudeMd());
  files.set("claude/settings.json", renderClaudeSettings(model));
  files.set("sandbox/srt-settings.json", renderSrtSettings(model));
  files.set("sandbox/bwrap.sh", renderBwrapScript(model));
  files.set("sandbox/docker-run.sh", renderDockerScript(model));
  // AGENTS.md carries a short hash of everything else so its fence says which pack it belongs to.
  const contentHash = (m: Map<string, string>) =>
    sha256(
      [...m.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([p, t]) => `${p}\0${sha256(t)}\n`)
        .join(""),
    );
  const agentsMd = renderAgentsMd(
    model,
    interfaces.map((i) => i.name),
    contentHash(files).slice(0, 16),
  );
  files.set("AGENTS.md", agentsMd);
  const sorted = new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const sizes = [...sorted.entries()].map(([path, text]) => ({
    path,
    bytes: Buffer.byteLength(text, "utf8"),
    tokens: estimateTokens(text),
  }));
  const context = sizes.filter((s) =>
    CONTEXT_PREFIXES.some((p) => s.path === p || s.path.startsWith(p)),
  );
  const totalTokens = context.reduce((n, s) => n + s.tokens, 0);
  if (totalTokens > slice.budgetTokens)
    ctx.report(
      createDiagnostic(
        "pack-over-budget",
        { slice: slice.name, tokens: totalTokens, budget: slice.budgetTokens },
        slice.loc,
      ),
    );
  const agentsBytes = Buffer.byteLength(agentsMd, "utf8");
  if (agentsBytes > AGENTS_MD_LIMIT)
    ctx.report(
      createDiagnostic(
        "agents-md-too-large",
        { slice: slice.name, bytes: agentsBytes, limit: AGENTS_MD_LIMIT },
        slice.loc,
      ),
    );
  const skill = skillDir(model);
  const native: Record<string, string> = {
    "AGENTS.md": "AGENTS.md",
    "CLAUDE.md": "CLAUDE.md",
    "SKILL.md": `${skill}/SKILL.md`,
    "claude/settings.json": ".claude/settings.json",
    [`cursor/${slice.name}.mdc`]: `.cursor/rules/${slice.name}.mdc`,
    "references/gates.md": `${skill}/references/gates.md`,
  };
  for (const i of interfaces)
    native[`references/interfaces/${i.name}`] = `${skill}/references/interfaces/${i.name}`;
  const pack: SlicePack = {
    $schema: "../slice.schema.json",
    format: 1,
    id: slice.name,
    domain: domain.name,
    says: slice.says,
    intentVersions: model.intentVersions,
    packHash: contentHash(sorted),
    implements: slice.implements.map(targetName),
    uses: slice.uses.map(targetName),
    writes: [...slice.writes],
    writeRoots: [...model.writeRoots],
    reads: [...slice.reads],
    hide: [...model.hide],
    tools: [...slice.tools],
    network: [...slice.network],
    risk: {
      tier: model.tier.name,
      approvals: model.tier.approvals,
      retries: model.tier.retries,
      gates: model.gates,
      exercise: model.tier.exercise,
      mustExercise: [...model.mustExercise],
    },
    agent: { profile: model.agent.profile, env: [...model.agent.env] },
    contracts: [...model.contracts],
    invariants: model.invariants.map((i) => i.id),
    native,
    budget: {
      tokens: slice.budgetTokens,
      totalBytes: context.reduce((n, s) => n + s.bytes, 0),
      totalTokens,
      files: sizes,
    },
    limits: model.limits,
  };
  sorted.set("slice.json", stableJson(pack));
  return sorted;
}

export const slicePacksEmitter = defineEmitter({
  name: "slice-packs",
  description:
    "slices/<slice>/: slice.json, AGENTS.md, CLAUDE.md, SKILL.md, Cursor rule, agent settings, sandbox profiles",
  emit(program, ctx) {
    const out: EmittedFiles = new Map();
    let any = false;
    for (const domain of program.domains) {
      for (const slice of domain.slices) {
        any = true;
        for (const [path, text] of emitSlicePack(program, domain, slice, ctx))
          out.set(`slices/${slice.name}/${path}`, text);
      }
    }
    if (any) {
      out.set("slices/slice.schema.json", stableJson(sliceSchema));
      out.set("slices/evidence.schema.json", stableJson(evidenceSchema));
    }
    return out;
  },
});
