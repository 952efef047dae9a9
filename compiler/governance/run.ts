/**
 * `run`: a blueprint of deterministic steps around one agent step. Prepare a fresh clone at the
 * base commit, lay the pack at native paths, take an lstat manifest, run the agent in the sandbox,
 * check the manifest diff against the scope, run the gates, feed a failure back at most `retries`
 * times, then record the candidate change and the evidence. Nothing here can promote.
 *
 * The executors are built in run-executors.ts, each attempt's records and scope checks are in
 * run-attempt.ts, and the candidate commit is recorded by run-candidate.ts.
 */
import { chmodSync, existsSync, readFileSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { basename, join } from "node:path";
import { planAgent, type AgentPlan } from "./agent-env.js";
import { startProxy, type ProxyHandle } from "./proxy.js";
import { readSuiteReports, SUITE_REPORT_ENV } from "./record.js";
import { blockedAttempts, prepareShadow } from "./shadow.js";
import { allPassed, propertyResults, runGates } from "./gates.js";
import { gitOk, objectFormat, resolveCommit } from "./git.js";
import { readFileNoFollow, statEntry, takeManifest, type Manifest } from "./manifest.js";
import type { PolicyResult } from "./policy.js";
import { probeSandbox, resolveInside, SANDBOX_REPO, type Bind } from "./sandbox.js";
import {
  renderEvidenceMarkdown,
  type AgentAttempt,
  type Evidence,
  type ExplorerVerdict,
} from "./evidence.js";
import { ensureDirInside, newRunId, runsDir, writeFileInside, type RunRecord } from "./store.js";
import type { GateResult, SlicePack, SuiteReport, Violation } from "./types.js";
import {
  createRunCgroup,
  DEFAULT_PROCESS_LIMITS,
  describeLimits,
  type ProcessLimits,
  type RunCgroup,
} from "./limits.js";
import { copyPlainTree } from "./plain-copy.js";
import { secretsToMask } from "./secrets.js";
import { escapeText } from "../shared/escape.js";
import { checkRun, readAgentOut, recordAgentRun, redactTree, secretLeaks } from "./run-attempt.js";
import { recordCandidate } from "./run-candidate.js";
import { runExecutors } from "./run-executors.js";

/** Options for {@link runSlice}. */
export interface RunOptions {
  readonly repo: string;
  readonly pack: SlicePack;
  /** Base commit-ish. @default "HEAD" */
  readonly base?: string;
  /** Generic profile: the agent's argv. Other profiles: extra arguments after the profile's own. */
  readonly agent: readonly string[];
  /** Name the agent acts under (an approver may never use it). @default the binary's basename */
  readonly agentName?: string;
  /** Run without any sandbox. Only behind an explicit flag. */
  readonly unsafeNoSandbox?: boolean;
  /** Override the bwrap binary (tests use a missing path to check the refusal). */
  readonly bwrapPath?: string;
  /** Where the values of the env vars the pack passes in come from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Host home holding the profile's config dirs. @default os.homedir() */
  readonly hostHome?: string;
  /** A host directory bound read-only at /intentc/bin, first on the sandbox PATH (stand-in agents). */
  readonly agentBinDir?: string;
  /** Name → loopback address overrides for the proxy's lookups (tests only). */
  readonly proxyHosts?: Readonly<Record<string, string>>;
  /** The explorer's verdict on the machines the slice implements (computed by the CLI). */
  readonly explorer?: readonly ExplorerVerdict[];
  /** Progress lines. */
  readonly log?: (line: string) => void;
  /** Process and memory caps (limits.ts). @default DEFAULT_PROCESS_LIMITS */
  readonly processLimits?: ProcessLimits;
  /** Globs added to the secret list (secrets.ts). */
  readonly secretPatterns?: readonly string[];
}

/** Result of a run: evidence and where it lives, or a refusal before anything ran. */
export type RunResult =
  | { ok: true; runId: string; runDir: string; evidence: Evidence; worktree: string }
  | { ok: false; error: string };

/** Run an agent on a slice inside the sandbox and write the evidence package. */
export function runSlice(options: RunOptions): RunResult {
  const state: RunState = {};
  try {
    return runSliceIn(options, state);
  } catch (e) {
    // Nothing is left behind: the run dir (checkout included) goes, and the error is a message.
    if (state.runDir !== undefined) rmSync(state.runDir, { recursive: true, force: true });
    return {
      ok: false,
      error: `The run could not be prepared: ${escapeText((e as Error).message)}`,
    };
  } finally {
    state.cgroup?.destroy();
  }
}

interface RunState {
  runDir?: string;
  cgroup?: RunCgroup;
}

function runSliceIn(options: RunOptions, state: RunState): RunResult {
  const { repo, pack } = options;
  const log = options.log ?? (() => {});
  const plan = planAgent(pack, options.agent, options.env ?? process.env);
  if (!plan.ok) return plan;
  const ap: Extract<AgentPlan, { ok: true }> = plan;
  if (pack.risk.gates.length === 0)
    return {
      ok: false,
      error: `Slice '${pack.id}' runs no gates (risk tier '${pack.risk.tier}'); a change must pass at least one check. Fix the tier in the system file (see IC3206/IC3210).`,
    };
  let probe: ReturnType<typeof probeSandbox> | undefined;
  if (!options.unsafeNoSandbox) {
    probe = probeSandbox(options.bwrapPath);
    if (!probe.ok)
      return {
        ok: false,
        error: `Refusing to run the agent without a sandbox: ${probe.reason}. Install bubblewrap and enable unprivileged user namespaces, or pass --unsafe-no-sandbox to run it unconfined (not for untrusted agents).`,
      };
    if (pack.network.length > 0 && !process.execPath.startsWith("/usr/"))
      return {
        ok: false,
        error: `The network bridge needs node under /usr inside the sandbox; this node is ${process.execPath}.`,
      };
  }
  const base = resolveCommit(repo, options.base ?? "HEAD");
  if (base === undefined)
    return { ok: false, error: `'${options.base ?? "HEAD"}' does not name a commit.` };

  const runId = newRunId(pack.id);
  const runDir = ensureDirInside(runsDir(repo), runId);
  state.runDir = runDir;
  const worktree = join(runDir, "worktree");
  log(`run ${runId}: cloning ${base.slice(0, 12)} into ${worktree}`);
  // cwd "/" so no repository config (the repo's or a parent's) is read by clone. A fixed umask:
  // the checkout's modes never depend on the caller's (0777 directories under `umask 000`).
  const umask = process.umask(0o022);
  try {
    gitOk("/", ["clone", "--quiet", "--shared", "--no-checkout", "--", repo, worktree]);
    gitOk(worktree, ["checkout", "--quiet", "--detach", base]);
  } finally {
    process.umask(umask);
  }
  // Only this process (and the sandbox it starts) may enter the checkout while the agent writes in it.
  chmodSync(worktree, 0o700);
  const algo = objectFormat(worktree);

  // Lay the pack at its native paths (read from the repo's committed generated/, not the worktree).
  const packDir = join(repo, "generated", "slices", pack.id);
  for (const [from, to] of Object.entries(pack.native).sort()) {
    const content = readFileNoFollow(join(packDir, from), 4 << 20);
    if (content !== undefined) writeFileInside(worktree, to, content);
  }
  // A committed symlink (or file) in place of a write root is refused before anything is created.
  for (const root of pack.writeRoots) {
    const parts = root.split("/");
    for (let i = 1; i <= parts.length; i++) {
      const st = statEntry(join(worktree, ...parts.slice(0, i)));
      if (st !== undefined && st.type !== "dir") {
        rmSync(runDir, { recursive: true, force: true });
        return {
          ok: false,
          error: `Write root '${escapeText(root)}' cannot be bound safely: '${escapeText(parts.slice(0, i).join("/"))}' is a ${st.type} at the base commit.`,
        };
      }
    }
    ensureDirInside(worktree, root);
  }
  const bad = pack.writeRoots.map((r) => resolveInside(worktree, r)).find((r) => !r.ok);
  if (bad && !bad.ok) {
    rmSync(runDir, { recursive: true, force: true });
    return { ok: false, error: `Write root cannot be bound safely: ${escapeText(bad.reason)}.` };
  }
  const hide = pack.hide.filter((h) => resolveInside(worktree, h).ok);
  const outDir = ensureDirInside(runDir, "agent-out");
  // The agent writes its notes into a private staging folder; only a plain copy leaves it.
  const outStage = ensureDirInside(runDir, "sandbox-out");
  chmodSync(outStage, 0o700);
  const feedbackDir = ensureDirInside(runDir, "feedback");
  const homeDir = ensureDirInside(runDir, "home");
  const roBinds: Bind[] = [];
  const skip = (rel: string) => rel === ".git" || (roBinds.length > 0 && rel === "node_modules");
  if (existsSync(join(repo, "node_modules")) && !existsSync(join(worktree, "node_modules"))) {
    ensureDirInside(worktree, "node_modules");
    roBinds.push({ src: join(repo, "node_modules"), dest: `${SANDBOX_REPO}/node_modules` });
  }
  const pre = takeManifest(worktree, { skip, objectFormat: algo });
  // Masking needs the sandbox's mounts: without one nothing is masked, and the evidence says none.
  const masked = probe?.ok
    ? secretsToMask(pre, pack.reads, options.secretPatterns ?? [], hide)
    : [];
  writeFileInside(runDir, "mask-empty", "", 0o444);
  const processLimits = options.processLimits ?? DEFAULT_PROCESS_LIMITS;
  if (probe?.ok) state.cgroup = createRunCgroup(runId, processLimits);
  const limitsHeld = probe?.ok
    ? describeLimits(processLimits, state.cgroup, process.getuid?.() === 0)
    : ["none (--unsafe-no-sandbox)"];
  if (masked.length > 0)
    log(`masked ${masked.length} secret-looking file(s): ${masked.map(escapeText).join(", ")}`);
  const agentName = options.agentName ?? basename(ap.argv[0]);
  const baseEnv = {
    INTENTC_SLICE: pack.id,
    INTENTC_OUT: "/intentc/out",
    INTENTC_FEEDBACK: "/intentc/feedback.md",
  };

  // Network: a filtering proxy outside the sandbox when the slice allows hosts (never unsafe-run).
  let proxy: ProxyHandle | undefined;
  if (pack.network.length > 0 && probe?.ok) {
    const started = startProxy({
      dir: ensureDirInside(runDir, "net"),
      allow: pack.network,
      hosts: options.proxyHosts,
      node: process.execPath,
    });
    if ("error" in started)
      return { ok: false, error: `Cannot enforce the network allow-list: ${started.error}.` };
    proxy = started;
  }
  const runAttempts = (): RunResult => {
    const { agentArgvInSandbox, agentExecutor, gateExecutor } = runExecutors({
      probe,
      pack,
      plan: ap,
      worktree,
      runDir,
      hide,
      roBinds,
      homeDir,
      outStage,
      baseEnv,
      hostHome: options.hostHome ?? homedir(),
      agentBinDir: options.agentBinDir,
      proxy,
      processLimits,
      cgroup: state.cgroup,
      masked,
    });

    const maxAttempts = 1 + pack.risk.retries;
    const gates: GateResult[] = [];
    const agentOutput: AgentAttempt[] = [];
    let attempt = 0;
    let lastGates: GateResult[] = [];
    let reports: SuiteReport[] = [];
    let policy: PolicyResult = { files: [], violations: [] };
    let blockedTotal = 0;
    let after: Manifest = pre;
    let result: Evidence["result"] = "failed";
    let reason = "";
    let timedOut = false;
    let feedback = "First attempt: no feedback yet.\n";
    const mustExercise = pack.risk.mustExercise ?? [];
    while (attempt < maxAttempts) {
      attempt++;
      const feedbackFile = join(feedbackDir, `attempt-${attempt}.md`);
      writeFileInside(feedbackDir, `attempt-${attempt}.md`, feedback);
      const shadow = probe?.ok
        ? prepareShadow(
            worktree,
            join(runDir, "shadow"),
            pack.writeRoots,
            hide,
            roBinds.length > 0 ? ["node_modules"] : [],
            masked,
          )
        : undefined;
      const argv = agentArgvInSandbox(ap.argv);
      log(`attempt ${attempt}/${maxAttempts}: agent ${escapeText(ap.argv.join(" "))}`);
      const agentRun = agentExecutor(feedbackFile, shadow)(argv, {
        INTENTC_ATTEMPT: String(attempt),
      });
      log(
        `agent exited ${agentRun.timedOut ? "(timeout)" : agentRun.exitCode} after ${agentRun.durationMs} ms`,
      );
      agentOutput.push(recordAgentRun(runDir, attempt, agentRun, ap.secrets));
      const blocked = shadow !== undefined ? blockedAttempts(shadow) : { violations: [], total: 0 };
      blockedTotal = blocked.total;
      policy = checkRun(worktree, pre, pack, algo, skip);
      policy = {
        files: policy.files,
        violations: [
          ...blocked.violations,
          ...policy.violations,
          ...secretLeaks(worktree, policy.files, ap.secrets, pack.limits.fileSizeBytes),
        ],
      };
      after = takeManifest(worktree, { skip, objectFormat: algo });
      if (agentRun.timedOut || agentRun.durationMs >= pack.limits.timeoutSeconds * 1000) {
        // A killed agent leaves a partial change: the run fails and records no candidate.
        timedOut = true;
        result = "failed";
        reason = `The agent ran past the time limit of ${pack.limits.timeoutSeconds} s and was killed; its partial change is not kept.`;
        break;
      }
      if (policy.violations.length > 0) {
        result = "rejected";
        reason =
          blocked.total > 0
            ? `The agent attempted ${blocked.total} write(s) outside its scope (blocked, never applied)${policy.violations.length > blocked.violations.length ? ` and left ${policy.violations.length - blocked.violations.length} path(s) out of policy` : ""}; the run stopped.`
            : `The agent changed ${policy.violations.length} path(s) out of policy; the run stopped.`;
        break;
      }
      const reportsDir = ensureDirInside(runDir, `reports/attempt-${attempt}`);
      lastGates = runGates(
        pack.risk.gates,
        gateExecutor(feedbackFile, reportsDir),
        attempt,
        (g): Record<string, string> =>
          g.stage === "test"
            ? {
                [SUITE_REPORT_ENV]: `${probe?.ok ? "/intentc/reports" : reportsDir}/${g.name}.jsonl`,
              }
            : {},
      );
      gates.push(...lastGates);
      reports = lastGates
        .filter((g) => g.stage === "test")
        .flatMap((g) => readSuiteReports(join(reportsDir, `${g.name}.jsonl`), g.name));
      // Gates run agent-written code: check the tree again afterwards.
      policy = checkRun(worktree, pre, pack, algo, skip);
      after = takeManifest(worktree, { skip, objectFormat: algo });
      if (policy.violations.length > 0) {
        result = "rejected";
        reason = `The gates left ${policy.violations.length} path(s) out of policy.`;
        break;
      }
      const props = propertyResults(pack.invariants, lastGates, reports);
      const missing = mustExercise.filter(
        (id) => props.find((p) => p.name === id)?.status !== "passed",
      );
      if (allPassed(lastGates) && missing.length === 0) {
        result = "passed";
        reason = `Every change is in scope and every gate passed (attempt ${attempt} of ${maxAttempts})${mustExercise.length > 0 ? `; the ${mustExercise.length} invariant(s) the tier requires were exercised` : ""}.`;
        break;
      }
      result = "failed";
      if (!allPassed(lastGates)) {
        const failed = lastGates.find((g) => g.status === "failed" || g.status === "timeout");
        reason = `Gate '${failed?.name}' still failed after ${attempt} attempt(s) (retry cap ${pack.risk.retries}).`;
        feedback = `Attempt ${attempt} failed: gate '${failed?.name}' (${failed?.command.join(" ")}) exited ${failed?.exitCode}.\n\n${failed?.logTail ?? ""}\n`;
      } else {
        reason = `Risk tier '${pack.risk.tier}' requires invariants exercised on the implementation; not exercised after ${attempt} attempt(s): ${missing.join(", ")}.`;
        feedback = `Attempt ${attempt} failed: the gates passed, but no model-based suite ran your implementation against ${missing.join(", ")}. Run the generated check<Machine>Implementation suite on your implementation in a test.\n`;
      }
    }
    const properties = propertyResults(pack.invariants, lastGates, reports);

    const { changes, candidateTree, candidateCommit } =
      result !== "rejected" && !timedOut
        ? recordCandidate({
            worktree,
            runDir,
            base,
            pre,
            after,
            maxFileBytes: pack.limits.fileSizeBytes,
            message: `intentc run ${runId} (slice ${pack.id})\n`,
            agentName,
          })
        : { changes: [] };

    const decisions = proxy?.stop() ?? [];
    // Everything the agent left in its output folder leaves as plain data (or as a violation).
    const outCopy = copyPlainTree(outStage, outDir, "$INTENTC_OUT");
    rmSync(outStage, { recursive: true, force: true });
    const extra: Violation[] = [...outCopy.violations];
    if (timedOut) extra.push({ path: "(agent)", rule: "limit", message: reason });
    if (outCopy.violations.length > 0 && result === "passed") {
      result = "rejected";
      reason = `The agent left ${outCopy.violations.length} non-plain entr(ies) in its output folder.`;
    }
    redactTree(outDir, ap.secrets);
    const untrusted = readAgentOut(outDir, ap.secrets);
    const evidence: Evidence = {
      format: 1,
      kind: "run",
      slice: pack.id,
      runId,
      packHash: pack.packHash,
      intentVersions: pack.intentVersions,
      base,
      head: candidateCommit ?? "none",
      result,
      reason,
      risk: { tier: pack.risk.tier, approvals: pack.risk.approvals, retries: pack.risk.retries },
      attempts: attempt,
      sandbox: probe?.ok ? "bwrap" : "none",
      files: policy.files,
      violations: [...policy.violations, ...extra],
      blockedAttempts: blockedTotal,
      sandboxLimits: limitsHeld,
      masked,
      gates,
      properties,
      suites: reports,
      exercise: {
        required: [...mustExercise],
        missing: mustExercise.filter(
          (id) => properties.find((p) => p.name === id)?.status !== "passed",
        ),
      },
      ...(options.explorer !== undefined ? { explorer: options.explorer } : {}),
      ...(pack.network.length > 0
        ? {
            network: {
              enforced: proxy !== undefined,
              allow: [...pack.network],
              refused: decisions.filter((d) => !d.allowed),
              allowed: decisions.filter((d) => d.allowed),
            },
          }
        : {}),
      approvals: { required: pack.risk.approvals, recorded: [] },
      agent: { name: agentName, command: ap.argv, profile: ap.profile.name, env: ap.envNames },
      agentOutput,
      untrusted,
    };
    const record: RunRecord = {
      format: 1,
      runId,
      slice: pack.id,
      base,
      result,
      agentName,
      approvalsRequired: pack.risk.approvals,
      changes,
      ...(candidateTree ? { candidateTree } : {}),
      ...(candidateCommit ? { candidateCommit } : {}),
    };
    writeFileInside(runDir, "run.json", JSON.stringify(record, null, 2) + "\n");
    writeFileInside(runDir, "evidence.json", JSON.stringify(evidence, null, 2) + "\n");
    writeFileInside(runDir, "EVIDENCE.md", renderEvidenceMarkdown(evidence));
    log(`run ${runId}: ${result} — ${reason}`);
    return { ok: true, runId, runDir, evidence, worktree };
  };
  try {
    return runAttempts();
  } finally {
    proxy?.stop();
    // Agent-written scratch may hold secret values: its HOME goes, its output folder is redacted.
    rmSync(homeDir, { recursive: true, force: true });
    rmSync(outStage, { recursive: true, force: true });
  }
}

/** Read a run's evidence.json text (for printing). */
export function readEvidenceText(runDir: string): string | undefined {
  try {
    return readFileSync(join(runDir, "evidence.json"), "utf8");
  } catch {
    return undefined;
  }
}
