/** Small helpers shared by CLI commands: exit codes, output streams, the --format option. */
import { Option } from "../vendor/commander.js";
import { resolve as resolvePath, relative as relativePath, isAbsolute as isAbsolutePath, sep as pathSep } from "node:path";

/** Exit codes: 0 ok, 1 user-facing failure (diagnostics, drift, gate failed), 2 usage or internal. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Where a command writes; replaced in tests. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** Working directory the command runs in (repo root). */
  readonly cwd: string;
  /** Whether stderr is a terminal (progress lines, colors). */
  readonly isTTY: boolean;
}

/** Mutable holder for the command's exit code. */
export interface ExitState {
  code: number;
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
