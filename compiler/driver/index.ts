/**
 * The driver: every phase of intentc, in order. A command (cli/) turns argv into a request, calls
 * `check` or `build`, and reports what they return; the host (host.ts, host/) reads the disk and
 * the writer (write.ts, write/) writes it.
 *
 *   load → shape → bind → check   front-end.ts   intent YAML → checked Program + diagnostics
 *   analyze                       analyze.ts     explore machines and flows, versions, change log
 *   emit                          emit.ts        emitters → files, streamed into the writer
 *   write                         write.ts       atomic swap of the output tree (or drift report)
 *
 * Around them: the incremental cache (incremental.ts), the build memo (memo.ts), the optional
 * exploration worker (parallel.ts) and progress with timings (progress.ts). The phases are loaded
 * when they first run, so a no-op build never loads the compiler.
 */
import { resolve } from "node:path";
import { type Diagnostic, hasErrors } from "../diagnostic.js";
import { createNodeHost } from "../host.js";
import { readPreviousLock } from "../host/lock.js";
import { memoHost } from "../host/memo-host.js";
import type { Trace } from "../explore/index.js";
import type { Program } from "../ir/types.js";
import {
  checkTree,
  openTreeWriter,
  recoverOutput,
  resolveOutputTarget,
  type OutputTarget,
  type WriteFaults,
} from "../write.js";
import { clearBuildCache, readMemoStore } from "../write/cache.js";
import { acquireBuildLock } from "../write/lock.js";
import { checkReplaceable, resolveInsideRoot } from "../write/paths.js";
import { readInputs, saveCache, upToDate } from "./incremental.js";
import { createBuildMemo } from "./memo.js";
import { startExplorer } from "./parallel.js";
import { timed, type Progress, type Timings } from "./progress.js";

/** What `check` and `build` read: paths relative to `root` (the project, i.e. the working dir). */
export interface Request {
  readonly root: string;
  /** The intent directory (`check` reads it anywhere; `build` only inside the root). */
  readonly dir: string;
  /** The output directory (its lock is the base of version checks). */
  readonly out: string;
  /** `build` may write `out` outside the root (the user asked for it explicitly). */
  readonly outsideAllowed?: boolean;
  /** State budget per machine for the analysis; 0 skips exploring. */
  readonly exploreBudget: number;
  /** Keep fingerprints (true) or whole keys (false) of visited states; unset: by key width. */
  readonly fingerprint?: boolean;
}

/** The request's choice of the visited set's keys, when it made one. */
const keysOf = (req: Request) =>
  req.fingerprint === undefined ? {} : { fingerprint: req.fingerprint };

/** What `build` reads besides a {@link Request}. */
export interface BuildRequest extends Request {
  /** Write nothing; report every file that differs from the output (`--check`). */
  readonly drift?: boolean;
  readonly force?: boolean;
  readonly fsync?: boolean;
  readonly lockTimeoutMs: number;
  /** Crash-test faults for the writer (test/driver/determinism.test.ts); never set by the CLI. */
  readonly faults?: WriteFaults;
}

/** How the caller follows the work: progress, and a hook run once before heavy work (V8 flags). */
export interface Services {
  readonly progress?: Progress;
  readonly beforeCompile?: () => void;
}

/** The outcome of a run, for the command to report. */
export interface Report {
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  /** Intent texts by path (code frames). */
  readonly sources: ReadonlyMap<string, string>;
  readonly program?: Program;
  /** Lines for stderr before the diagnostics (e.g. an interrupted build repaired). */
  readonly notes: readonly string[];
  /** The closing line ("" when there is none). */
  readonly summary: string;
  readonly timings: Timings;
  /** The trace behind each exploration diagnostic that has one (printed under it on failure). */
  readonly traces?: ReadonlyMap<Diagnostic, Trace>;
}

/** Intent files from this size on start the exploration worker before compiling. */
const EARLY_EXPLORER_BYTES = 128 * 1024;
/**
 * Intent files from this size on write the output through I/O worker lanes (write/placer.ts);
 * smaller builds through libuv's thread pool: two workers' start-up costs more CPU than they save
 * there (bench/RESULTS.md, "I/O lanes").
 */
const IO_LANES_BYTES = 128 * 1024;

/** `intentc check`: the front end and the analyses a build runs; writes nothing. */
export async function check(req: Request, services: Services = {}): Promise<Report> {
  const [progress, timings] = timed(services.progress);
  progress.phase("compiling");
  services.beforeCompile?.();
  const [{ compile }, { analyze }] = await Promise.all([
    import("./front-end.js"),
    import("./analyze.js"),
  ]);
  const front = compile(createNodeHost(req.root), { dir: req.dir });
  let notes: readonly string[] = [];
  let traces: ReadonlyMap<Diagnostic, Trace> | undefined;
  const end = (ok: boolean, diagnostics: readonly Diagnostic[], summary: string): Report => ({
    ok,
    diagnostics,
    sources: front.sources,
    program: front.program,
    notes,
    summary,
    timings: timings.end(),
    ...(traces ? { traces } : {}),
  });
  if (front.program === undefined || hasErrors(front.diagnostics))
    return end(false, front.diagnostics, "check failed");
  progress.phase("analyzing");
  const previousLock = readPreviousLock(resolve(req.root, req.out));
  const analyzed = await analyze(front.program, {
    budget: req.exploreBudget,
    ...keysOf(req),
    previousLock,
    parallel: true,
    progress,
  });
  notes = analyzed.notes;
  traces = analyzed.traces;
  const diagnostics = [...front.diagnostics, ...analyzed.diagnostics];
  return end(
    !hasErrors(diagnostics),
    diagnostics,
    hasErrors(diagnostics) ? "check failed" : "checked",
  );
}

/** `intentc build`: every phase, then the atomic write (or, with `drift`, the drift report). */
export async function build(req: BuildRequest, services: Services = {}): Promise<Report> {
  const [progress, timings] = timed(services.progress);
  const notes: string[] = [];
  let sources: ReadonlyMap<string, string> = new Map();
  let traces: ReadonlyMap<Diagnostic, Trace> | undefined;
  const end = (
    ok: boolean,
    diagnostics: readonly Diagnostic[],
    summary: string,
    program?: Program,
  ): Report => ({
    ok,
    diagnostics,
    sources,
    ...(program ? { program } : {}),
    notes,
    summary,
    timings: timings.end(),
    ...(traces ? { traces } : {}),
  });
  const [dirInside, dirDiags] = resolveInsideRoot(req.root, req.dir);
  const [target, outDiags] = resolveOutputTarget(req.root, req.out, {
    allowOutside: req.outsideAllowed === true,
  });
  if (target === undefined || dirInside === undefined)
    return end(false, [...dirDiags, ...outDiags], "");
  const failed = (diags: readonly Diagnostic[], program?: Program) =>
    end(false, diags, `intentc: build failed; ${target.outRel}/ was not changed`, program);

  // Writing builds hold the output's lock and first repair what a killed build left.
  const [lock, lockDiags] = req.drift
    ? [undefined, []]
    : await acquireBuildLock(target, { timeoutMs: req.lockTimeoutMs });
  if (!req.drift && lock === undefined) return end(false, lockDiags, "");
  try {
    if (lock && recoverOutput(target).restored)
      notes.push(`intentc: restored ${target.outRel}/ from an interrupted build.`);

    // Unchanged inputs and an untouched output: nothing to do.
    progress.phase("hashing");
    const host = memoHost(createNodeHost(req.root), req.root);
    const inputs = readInputs(host, dirInside, target, {
      exploreBudget: req.exploreBudget,
      ...(req.fingerprint === undefined ? {} : { fingerprint: req.fingerprint ? 1 : 0 }),
    });
    const warnings =
      inputs.key !== undefined && !req.force ? upToDate(target, inputs.key) : undefined;
    if (warnings !== undefined) {
      if (warnings.length > 0)
        sources = new Map([...inputs.files.keys()].map((p) => [p, host.readFile(p) ?? ""]));
      return end(true, warnings, `intentc: ${target.outRel}/ is up to date`);
    }

    // 1. load → shape → bind → check
    progress.phase("compiling");
    services.beforeCompile?.();
    const stored = req.force ? new Map<string, unknown>() : readMemoStore(target);
    const memo = createBuildMemo(stored);
    // A large cold build that explores starts its exploration worker now: its start-up overlaps
    // the front end.
    const early =
      req.exploreBudget > 0 && inputs.bytes >= EARLY_EXPLORER_BYTES && stored.size === 0
        ? startExplorer()
        : undefined;
    try {
      const [{ compile }, { analyze }, { emitAll }] = await Promise.all([
        import("./front-end.js"),
        import("./analyze.js"),
        import("./emit.js"),
      ]);
      const front = compile(host, { dir: dirInside });
      sources = front.sources;
      const program = front.program;
      if (program === undefined || hasErrors(front.diagnostics)) return failed(front.diagnostics);

      // 2. analyze
      progress.phase("analyzing");
      const previousLock = readPreviousLock(target.outAbs);
      const parallel = early ?? true;
      const analyzed = await analyze(program, {
        budget: req.exploreBudget,
        ...keysOf(req),
        previousLock,
        memo,
        parallel,
        progress,
        suites: true,
      });
      notes.push(...analyzed.notes);
      traces = analyzed.traces;

      // 3. emit (files stream into the writer's temp tree; nothing is swapped in yet)
      progress.phase("emitting");
      let writeDiags = req.drift ? [] : checkReplaceable(target, dirInside);
      let [writer, openDiags] =
        req.drift || writeDiags.length > 0
          ? [undefined, []]
          : openTreeWriter(target, {
              worker: inputs.bytes >= IO_LANES_BYTES ? true : "pool",
              fsync: req.fsync === true,
              ...(req.faults ? { faults: req.faults } : {}),
            });
      writeDiags = [...writeDiags, ...openDiags];
      try {
        const emitted = emitAll(program, {
          analysis: analyzed.analysis,
          options: { exploreBudget: req.exploreBudget },
          memo,
          ...(writer ? { sink: writer.add } : {}),
        });
        const diags = [...front.diagnostics, ...analyzed.diagnostics, ...emitted.diagnostics];
        if (hasErrors(diags)) return failed(diags, program);
        if (req.drift) return driftReport(target, emitted.files, diags, end, program);

        // 4. write
        progress.phase("writing");
        const open = writer;
        writer = undefined; // finished or failed: either way not to be aborted
        const [summary, finishDiags] = open ? await open.finishAsync() : [undefined, writeDiags];
        if (summary === undefined || open === undefined) {
          clearBuildCache(target);
          return failed([...diags, ...finishDiags], program);
        }
        progress.phase("caching");
        if (inputs.key !== undefined)
          saveCache(target, inputs.key, open.manifestHash(), memo.entries(), diags);
        const counts = `${summary.written.length} written, ${summary.unchanged} unchanged, ${summary.removed.length} removed`;
        return end(true, diags, `intentc: built ${target.outRel}/: ${counts}`, program);
      } finally {
        await writer?.abortAsync();
      }
    } finally {
      await early?.stop();
    }
  } finally {
    lock?.release();
  }
}

/** `build --check`: every file that differs from the output tree, as diagnostics. */
function driftReport(
  target: OutputTarget,
  files: ReadonlyMap<string, string>,
  diags: readonly Diagnostic[],
  end: (ok: boolean, d: readonly Diagnostic[], summary: string, program?: Program) => Report,
  program: Program,
): Report {
  const drift = checkTree(target, files);
  const summary =
    drift.length === 0
      ? `intentc: ${target.outRel}/ is up to date (${files.size} files checked)`
      : `intentc: ${target.outRel}/ is out of date: ${drift.length} file(s) differ; run 'intentc build'`;
  return end(drift.length === 0, [...diags, ...drift], summary, program);
}
