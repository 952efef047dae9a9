/**
 * What CLI commands share: exit codes, output streams, the one grammar for the intent directory,
 * the --format option, progress on a terminal and timings.
 */
import { Option } from "../vendor/commander.js";
import {
  resolve as resolvePath,
  relative as relativePath,
  isAbsolute as isAbsolutePath,
  sep as pathSep,
} from "node:path";
import type { Progress, Timings } from "../driver/progress.js";

/**
 * `--fingerprint` and `--no-fingerprint` of the commands that explore during the analysis (build,
 * check): the visited set's keys (compiler/explore/states.ts); neither given: fingerprints only
 * for keys wider than 12 ids.
 */
export function fingerprintOptions(): readonly [Option, Option] {
  return [
    new Option(
      "--fingerprint",
      "explore with 64-bit fingerprints of visited states instead of whole keys (less memory; collision probability at most n(n+1)/2^65 for n states); default: only for keys wider than 12 ids",
    ),
    new Option("--no-fingerprint", "explore with whole keys of visited states, however wide"),
  ];
}

/** The request field of the fingerprint flags (none when neither was given). */
export const keysFlag = (f: { readonly fingerprint?: boolean }) =>
  typeof f.fingerprint === "boolean" ? { fingerprint: f.fingerprint } : {};

/** Exit codes: 0 ok, 1 user-facing failure (diagnostics, drift, gate failed), 2 usage or internal. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Where a command writes; replaced in tests. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** Working directory the command runs in (the project root). */
  readonly cwd: string;
  /** Whether stderr is a terminal (progress lines, colors). */
  readonly isTTY: boolean;
  /** Set by the launcher (bin/intentc.js): tunes V8 once a build decides to compile. */
  readonly beforeCompile?: () => void;
}

/** Mutable holder for the command's exit code. */
export interface ExitState {
  code: number;
}

/**
 * The intent directory, the same way for every command: `-d, --dir <path>`, default `intent`,
 * relative to the working directory or absolute. Commands that only read it accept any
 * directory, inside the project or not.
 */
export function dirOption(): Option {
  return new Option(
    "-d, --dir <path>",
    "intent directory holding *.intent.yaml files (relative or absolute)",
  ).default("intent");
}

/** The rule, as printed at the end of every command's --help. */
export const DIR_RULE =
  "\nThe intent directory is always given with -d/--dir (default: intent), relative to the\ncurrent directory or absolute; it is only read.\n";

/** The intent dir as the driver takes it: a POSIX path relative to `cwd` (`.` for cwd itself). */
export function intentDir(cwd: string, dir: string): string {
  const rel = relativePath(cwd, resolvePath(cwd, dir));
  if (rel === "") return ".";
  // Another drive (Windows) has no relative path: keep it absolute.
  return isAbsolutePath(rel) ? rel : rel.split(pathSep).join("/");
}

/** The standard `--format` option for commands that print diagnostics. */
export function formatOption(): Option {
  return new Option("--format <format>", "output format for diagnostics")
    .choices(["text", "json", "github", "sarif"])
    .default("text");
}

/** Output formats for diagnostics. */
export type OutputFormat = "text" | "json" | "github" | "sarif";

/** Resolve a user-supplied directory inside the root; undefined when it escapes the root. */
export function insideRoot(root: string, dir: string): string | undefined {
  const abs = resolvePath(root, dir);
  const rel = relativePath(root, abs);
  if (rel.startsWith("..") || isAbsolutePath(rel)) return undefined;
  return rel === "" ? "." : rel.split(pathSep).join("/");
}

/** Parse a non-negative integer option; undefined when it is not one. */
export function count(text: string): number | undefined {
  const n = Number(text);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

/**
 * Progress on stderr, on one line redrawn in place, when stderr is a terminal (and not `quiet`):
 * the phase, and while exploring the machines done and states per second. `clear()` erases it.
 */
export function terminalProgress(io: CliIO, quiet: boolean): Progress & { clear(): void } {
  const live = io.isTTY && !quiet;
  let phase = "";
  let drawn = 0;
  let since = 0;
  const draw = (text: string) => {
    if (!live) return;
    io.err(`\r\x1b[K${text}`);
    drawn = performance.now();
  };
  return {
    phase(name) {
      phase = name;
      since = performance.now();
      draw(`${name}…`);
    },
    machines(done, total, states) {
      // At most ~10 redraws a second, and always the last one.
      if (total === 0 || (done < total && performance.now() - drawn < 100)) return;
      const secs = Math.max(performance.now() - since, 1) / 1000;
      draw(
        `${phase}: ${done}/${total} machines, ${states} states (${Math.round(states / secs)} states/s)`,
      );
    },
    clear: () => void (live && io.err("\r\x1b[K")),
  };
}

/** `--timings`: how long start-up and each phase took, to stderr. */
export function printTimings(io: CliIO, t: Timings): void {
  const ms = (a: number, b: number) => `${Math.round(b - a)} ms`.padStart(9);
  io.err(`${"start-up".padEnd(10)}${ms(0, t.started)}\n`);
  t.phases.forEach(([name, at], i) =>
    io.err(`${name.padEnd(10)}${ms(at, t.phases[i + 1]?.[1] ?? t.ended)}\n`),
  );
}

/** Run `once` after every change under `dir` (`build --watch`), forever; a crash is reported, not fatal. */
export async function watchForever(
  io: CliIO,
  dir: string,
  once: () => Promise<unknown>,
): Promise<never> {
  const { runOnChange } = await import("../host/watch.js");
  const run = async () => {
    try {
      await once();
    } catch (e) {
      io.err(
        `intentc: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
      );
    }
  };
  runOnChange(dir, run, () => io.err("intentc: watching for changes…\n"));
  return await new Promise<never>(() => undefined);
}
