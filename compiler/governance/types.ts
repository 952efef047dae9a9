/**
 * Plain data shared by the governance runtime: the committed slice pack (`slice.json`), gate
 * results, file changes, violations and evidence. No imports from the compiler's phases (only the
 * suite report's shared line format): the runner trusts the committed pack, read from disk, never
 * the agent's tree.
 */
import type { SuiteReportEntry } from "../shared/suite-report.js";

/** One gate as recorded in a slice pack: argv run without a shell. */
export interface PackGate {
  readonly name: string;
  readonly stage: "static" | "test";
  readonly command: readonly string[];
}

/** A file of the pack with its size and estimated token count (ceil(bytes / 4)). */
export interface PackFileSize {
  readonly path: string;
  readonly bytes: number;
  readonly tokens: number;
}

/** Sandbox limits applied to the agent and the gates. */
export interface SandboxLimits {
  /** Wall-clock limit per agent attempt or gate, in seconds. */
  readonly timeoutSeconds: number;
  /** Largest file the sandboxed process may write (prlimit --fsize), in bytes. */
  readonly fileSizeBytes: number;
  /** Open file limit (prlimit --nofile). */
  readonly openFiles: number;
  /** CPU seconds (prlimit --cpu). */
  readonly cpuSeconds: number;
  /** Size of the sandbox's /tmp tmpfs, in bytes. */
  readonly tmpBytes: number;
}

/** `generated/slices/<id>/slice.json`: everything the runner needs, as plain data. */
export interface SlicePack {
  readonly $schema?: string;
  readonly format: 1;
  readonly id: string;
  readonly domain: string;
  readonly says: string;
  readonly intentVersions: {
    readonly system: string;
    readonly domains: Readonly<Record<string, string>>;
  };
  /** sha256 over the sorted (path, sha256) pairs of every other file in the pack. */
  readonly packHash: string;
  readonly implements: readonly string[];
  readonly uses: readonly string[];
  /** Write scope: repo-relative globs. */
  readonly writes: readonly string[];
  /** Directories bound read-write in the sandbox (static prefixes of `writes`). */
  readonly writeRoots: readonly string[];
  readonly reads: readonly string[];
  /** Write roots of sibling slices, masked with an empty tmpfs in the sandbox. */
  readonly hide: readonly string[];
  readonly tools: readonly string[];
  /** Hosts the agent may reach; empty means no network at all. */
  readonly network: readonly string[];
  readonly risk: {
    readonly tier: string;
    readonly approvals: number;
    readonly retries: number;
    /** Gates in the order they run: static first, then test, each in the tier's order. */
    readonly gates: readonly PackGate[];
    /** What the tier requires exercised (absent: none). */
    readonly exercise?: "none" | "critical" | "all";
    /** Invariant ids a run must exercise on the implementation for the tier (absent: none). */
    readonly mustExercise?: readonly string[];
  };
  /** Agent profile and the env var names passed into the sandbox (absent: generic, none). */
  readonly agent?: { readonly profile: string; readonly env: readonly string[] };
  /** Generated files (relative to generated/) holding the contracts, models, tests and invariants. */
  readonly contracts: readonly string[];
  /** Invariant ids the slice must keep (domain.ID). */
  readonly invariants: readonly string[];
  /** Pack file (relative to the pack) → native path in the agent's worktree. */
  readonly native: Readonly<Record<string, string>>;
  readonly budget: {
    readonly tokens: number;
    readonly totalBytes: number;
    readonly totalTokens: number;
    readonly files: readonly PackFileSize[];
  };
  readonly limits: SandboxLimits;
}

/** Kind of a file system entry, from lstat (never followed). */
export type EntryType =
  "file" | "dir" | "symlink" | "fifo" | "socket" | "char" | "block" | "gitlink";

/** How a path changed between base and head. */
export type ChangeStatus = "added" | "modified" | "deleted" | "type-changed" | "mode-changed";

/** One changed path. */
export interface FileChange {
  readonly path: string;
  readonly status: ChangeStatus;
  readonly type: EntryType;
  /** True when the path matches the slice's `writes`. */
  readonly inScope: boolean;
  /** True when git does not show the path (ignored), so only the manifest saw it. */
  readonly hidden?: boolean;
  /** For a rename detected by content: where it came from. */
  readonly renamedFrom?: string;
}

/** Why a change is out of policy. */
export type ViolationRule =
  | "outside-scope"
  | "control-file"
  | "symlink"
  | "special-file"
  | "setuid"
  | "exec-bit"
  | "nested-git"
  | "gitlink"
  | "rename-from-outside"
  | "hidden-by-ignore"
  | "too-large"
  | "secret-value"
  | "alias-name"
  | "limit";

/** A change that breaks the slice's policy. */
export interface Violation {
  readonly path: string;
  readonly rule: ViolationRule;
  readonly message: string;
  /** True for an attempted write the sandbox kept out of the tree (never applied). */
  readonly blocked?: boolean;
}

/** Outcome of one gate run. */
export interface GateResult {
  readonly name: string;
  readonly stage: "static" | "test";
  readonly command: readonly string[];
  readonly attempt: number;
  readonly status: "passed" | "failed" | "timeout" | "skipped";
  readonly exitCode: number | null;
  readonly durationMs: number;
  /** sha256 of the gate's combined output. */
  readonly logSha256: string;
  /** Last lines of the output (for feedback and EVIDENCE.md). */
  readonly logTail: string;
}

/** One decision of the network proxy (every refused connection is a finding in the evidence). */
export interface NetworkDecision {
  readonly kind: "connect" | "request";
  readonly host: string;
  readonly port: number;
  readonly allowed: boolean;
  readonly reason?: string;
  /** Upstream error for an allowed connection that failed. */
  readonly error?: string;
}

/** One suite run read back from a test gate's suite report (format: shared/suite-report.ts). */
export interface SuiteReport extends Omit<SuiteReportEntry, "format"> {
  readonly gate: string;
}

/** An invariant and whether a suite exercised the slice's implementation against it. */
export interface PropertyResult {
  readonly name: string;
  readonly status: "passed" | "failed" | "not-exercised";
  /** The suite that ran it, its runs and seed (absent when not exercised). */
  readonly suite?: string;
  readonly runs?: number;
  readonly seed?: number;
  readonly counterexample?: string;
}
