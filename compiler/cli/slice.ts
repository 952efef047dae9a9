/**
 * `intentc slice [id]`: list slices, or show one slice's pack (files, bytes, estimated tokens,
 * budget); `intentc slice install <id>` lays its agent files into the checkout. Also the shared loader that verify/run use to read the committed pack and check it
 * is what the current intent compiles to.
 */
import type { Command } from "commander";
import { createNodeHost } from "../host.js";
import { compile } from "../program.js";
import { didYouMean } from "../diagnostics.js";
import { emitSlicePack } from "../emit/slice-packs.js";
import type { Program } from "../ir/types.js";
import { loadPack } from "../governance/pack.js";
import { checkPackAtCommit } from "./pack-integrity.js";
import { resolveCommit } from "../governance/git.js";
import type { SlicePack } from "../governance/types.js";
import {
  dirOption,
  DIR_RULE,
  EXIT_FAILURE,
  EXIT_OK,
  intentDir,
  type CliIO,
  type ExitState,
} from "./shared.js";
import { isAbsolute } from "node:path";
import { installSlicePack } from "./slice-install.js";

/** Compile intent/ under the repo; prints diagnostics' count on failure. */
function compileRepo(io: CliIO, dir: string): Program | undefined {
  const r = compile(createNodeHost(io.cwd), { dir: intentDir(io.cwd, dir) });
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (r.program === undefined || errors.length > 0) {
    for (const d of errors.slice(0, 10))
      io.err(`${d.file}:${d.line}:${d.column} error ${d.code} ${d.message}\n`);
    io.err(`intent has ${errors.length} error(s); run 'intentc check'.\n`);
    return undefined;
  }
  return r.program;
}

/** Find a slice in a program; prints "did you mean" when it is unknown. */
function findSlice(program: Program, id: string, io: CliIO) {
  for (const domain of program.domains)
    for (const slice of domain.slices) if (slice.name === id) return { domain, slice };
  const names = program.domains.flatMap((d) => d.slices.map((s) => s.name));
  const hint = didYouMean(id, names);
  io.err(
    `Unknown slice '${id}'.${hint ? ` Did you mean '${hint}'?` : ""} Slices: ${names.join(", ") || "(none)"}.\n`,
  );
  return undefined;
}

/**
 * Load the committed pack of a slice and check it matches what the intent compiles to now (the
 * runner trusts the committed pack, so a stale one is refused).
 */
export function loadCheckedPack(
  io: CliIO,
  id: string,
  base?: string,
  dir = "intent",
): SlicePack | undefined {
  const program = compileRepo(io, dir);
  if (program === undefined) return undefined;
  const found = findSlice(program, id, io);
  if (found === undefined) return undefined;
  const pack = loadPack(io.cwd, id);
  if (typeof pack === "string") {
    io.err(`${pack}\n`);
    return undefined;
  }
  const fresh = emitSlicePack(program, found.domain, found.slice, {
    report: () => {},
    options: {},
  }).get("slice.json");
  const freshHash = fresh ? (JSON.parse(fresh) as SlicePack).packHash : "";
  if (freshHash !== pack.packHash) {
    io.err(
      `The committed pack of '${id}' is stale (pack hash ${pack.packHash.slice(0, 12)}, intent gives ${freshHash.slice(0, 12)}). Run 'intentc build'.\n`,
    );
    return undefined;
  }
  if (base !== undefined) {
    // Every field and file of the pack must be what the intent at the base commit compiles to.
    const commit = resolveCommit(io.cwd, base);
    if (commit === undefined) {
      io.err(`'${base}' does not name a commit.\n`);
      return undefined;
    }
    const rel = intentDir(io.cwd, dir);
    if (rel.startsWith("..") || isAbsolute(rel)) {
      io.err(
        `The intent directory '${dir}' must be inside this repository to derive the pack at '${base}'.\n`,
      );
      return undefined;
    }
    const problem = checkPackAtCommit(io.cwd, commit, pack, rel);
    if (problem !== undefined) {
      io.err(`${problem}\n`);
      return undefined;
    }
  }
  return pack;
}

/** `intentc slice install <id>`: the pack's agent files into this checkout (see slice-install.ts). */
function registerInstall(slice: Command, io: CliIO, exit: ExitState): void {
  slice
    .command("install")
    .description(
      "Write a slice's agent files (AGENTS.md section, CLAUDE.md, .claude/, .cursor/) into this checkout at the pack's paths; idempotent.",
    )
    .argument("<id>", "slice id")
    .addOption(dirOption())
    .option("--force", "replace a differing .claude/settings.json or other pack file", false)
    .addHelpText("after", DIR_RULE)
    .action((id: string, opts: { dir: string; force: boolean }) => {
      const pack = loadCheckedPack(io, id, undefined, opts.dir);
      if (pack === undefined) return void (exit.code = EXIT_FAILURE);
      const r = installSlicePack(io.cwd, pack, opts.force);
      for (const p of r.written) io.err(`  wrote ${p}\n`);
      for (const p of r.kept)
        io.err(`  kept ${p}: it differs from the pack's (use --force to replace it)\n`);
      for (const p of r.refused) io.err(`  refused ${p}\n`);
      const total = r.written.length + r.unchanged.length;
      io.err(
        `${r.kept.length + r.refused.length === 0 ? "✓" : "✗"} slice ${id}: ${r.written.length} written, ${r.unchanged.length} unchanged, ${r.kept.length} kept, ${r.refused.length} refused (${total} of ${Object.keys(pack.native).length} in place)\n`,
      );
      exit.code = r.kept.length + r.refused.length === 0 ? EXIT_OK : EXIT_FAILURE;
    });
}

/** Register the `slice` command. */
export function registerSlice(program: Command, io: CliIO, exit: ExitState): void {
  const slice = program
    .command("slice")
    .description(
      "List slices, or show a slice's pack: files, bytes, estimated tokens (ceil(bytes/4)) and budget.",
    )
    .argument("[id]", "slice id")
    .addOption(dirOption())
    .option("--json", "print slice.json")
    .addHelpText("after", DIR_RULE)
    .action((id: string | undefined, opts: { dir: string; json?: boolean }) => {
      const prog = compileRepo(io, opts.dir);
      if (prog === undefined) return void (exit.code = EXIT_FAILURE);
      if (id === undefined) {
        for (const d of prog.domains)
          for (const s of d.slices)
            io.out(`${s.name}\t${d.name}\trisk ${s.risk}\twrites ${s.writes.join(", ")}\n`);
        return void (exit.code = EXIT_OK);
      }
      const found = findSlice(prog, id, io);
      if (found === undefined) return void (exit.code = EXIT_FAILURE);
      const diags: { code: string; message: string; severity: string }[] = [];
      const files = emitSlicePack(prog, found.domain, found.slice, {
        report: (d) => diags.push(d),
        options: {},
      });
      const pack = JSON.parse(files.get("slice.json") as string) as SlicePack;
      if (opts.json) io.out(files.get("slice.json") as string);
      else {
        io.out(
          `slice ${pack.id} (domain ${pack.domain}) · risk ${pack.risk.tier} · pack ${pack.packHash.slice(0, 16)}\n`,
        );
        io.out(
          `writes ${pack.writes.join(", ")} · gates ${pack.risk.gates.map((g) => g.name).join(" → ") || "none"} · retries ${pack.risk.retries} · approvals ${pack.risk.approvals}\n`,
        );
        for (const f of pack.budget.files)
          io.out(
            `  ${String(f.bytes).padStart(7)} B  ~${String(f.tokens).padStart(6)} tok  ${f.path}\n`,
          );
        io.out(
          `context ~${pack.budget.totalTokens} tokens of a ${pack.budget.tokens}-token budget (tokens estimated as ceil(bytes/4))\n`,
        );
      }
      for (const d of diags) io.err(`${d.severity} ${d.code} ${d.message}\n`);
      exit.code = diags.some((d) => d.severity === "error") ? EXIT_FAILURE : EXIT_OK;
    });
  registerInstall(slice, io, exit);
}
