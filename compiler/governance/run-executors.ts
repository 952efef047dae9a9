/**
 * The executors of one run (governance/run.ts): the agent's, inside the sandbox with its config,
 * feedback file, output folder and network bridge, and the gates', with the same scope and no
 * agent config; without a sandbox (`--unsafe-no-sandbox`), plain processes in the worktree.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { configBinds, SANDBOX_BIN, SANDBOX_HOME, type AgentPlan } from "./agent-env.js";
import type { ProxyHandle } from "./proxy.js";
import type { Shadow } from "./shadow.js";
import {
  createSandboxExecutor,
  createUnsafeExecutor,
  type Bind,
  type Executor,
  type SandboxProbe,
} from "./sandbox.js";
import type { ProcessLimits, RunCgroup } from "./limits.js";
import type { SlicePack } from "./types.js";

/** What the executors of one run are built from. */
export interface RunExecutorsSpec {
  /** The sandbox probe; undefined when the run is unsafe (no sandbox). */
  readonly probe: SandboxProbe | undefined;
  readonly pack: SlicePack;
  readonly plan: Extract<AgentPlan, { ok: true }>;
  readonly worktree: string;
  readonly runDir: string;
  /** Repo-relative directories masked from the agent (sibling slices). */
  readonly hide: readonly string[];
  /** Read-only binds shared by the agent and the gates (node_modules). */
  readonly roBinds: readonly Bind[];
  readonly homeDir: string;
  /** The private staging folder the agent writes its notes into. */
  readonly outStage: string;
  readonly baseEnv: Readonly<Record<string, string>>;
  /** Host home holding the profile's config dirs. */
  readonly hostHome: string;
  readonly agentBinDir: string | undefined;
  readonly proxy: ProxyHandle | undefined;
  readonly processLimits: ProcessLimits;
  readonly cgroup: RunCgroup | undefined;
  /** Secret-looking files masked inside the sandbox. */
  readonly masked: readonly string[];
}

/** The agent's argv as the sandbox runs it, and the agent and gate executors. */
export function runExecutors(spec: RunExecutorsSpec) {
  const { probe, pack, plan: ap, worktree, runDir, hide, roBinds, homeDir, outStage } = spec;
  const { baseEnv, proxy, processLimits, masked } = spec;
  const agentBinds: Bind[] = [
    ...roBinds,
    ...configBinds(ap.profile, spec.hostHome),
    ...(spec.agentBinDir !== undefined ? [{ src: spec.agentBinDir, dest: SANDBOX_BIN }] : []),
    ...(existsSync("/usr/local") ? [{ src: "/usr/local", dest: "/usr/local" }] : []),
    ...(proxy !== undefined ? [{ src: proxy.dir, dest: "/intentc/net" }] : []),
  ];
  const agentEnv = {
    ...baseEnv,
    HOME: SANDBOX_HOME,
    PATH: `${spec.agentBinDir !== undefined ? `${SANDBOX_BIN}:` : ""}/usr/local/bin:/usr/bin:/bin`,
    ...(proxy?.env ?? {}),
  };
  // With secrets on bwrap's stdin, the agent's stdin is reopened on /dev/null.
  const agentArgvInSandbox = (argv: readonly string[]) => {
    const wrapped = proxy !== undefined ? proxy.wrap(argv) : [...argv];
    return Object.keys(ap.secrets).length > 0
      ? ["/bin/sh", "-c", 'exec "$@" </dev/null', "sh", ...wrapped]
      : wrapped;
  };

  const sandboxLimitsSpec = {
    processLimits,
    ...(spec.cgroup ? { enter: spec.cgroup.enter } : {}),
    masks: masked,
    maskFile: join(runDir, "mask-empty"),
  };
  const agentExecutor = (feedbackFile: string, shadow: Shadow | undefined): Executor => {
    if (probe?.ok)
      return createSandboxExecutor({
        worktree,
        writeRoots: pack.writeRoots,
        hide: shadow !== undefined ? [] : hide,
        ...(shadow !== undefined ? { shadow: shadow.dir } : {}),
        roBinds: [...agentBinds, { src: feedbackFile, dest: "/intentc/feedback.md" }],
        home: { src: homeDir, dest: SANDBOX_HOME },
        rwBinds: [{ src: outStage, dest: "/intentc/out" }],
        env: agentEnv,
        secretEnv: ap.secrets,
        limits: pack.limits,
        tools: probe.tools,
        ...sandboxLimitsSpec,
      });
    return createUnsafeExecutor(
      worktree,
      pack.limits,
      { ...baseEnv, INTENTC_OUT: outStage, INTENTC_FEEDBACK: feedbackFile, HOME: homeDir },
      ap.secrets,
    );
  };
  const gateExecutor = (feedbackFile: string, reportsDir: string): Executor => {
    if (probe?.ok)
      return createSandboxExecutor({
        worktree,
        writeRoots: pack.writeRoots,
        hide,
        roBinds: [...roBinds, { src: feedbackFile, dest: "/intentc/feedback.md" }],
        rwBinds: [
          { src: outStage, dest: "/intentc/out" },
          { src: reportsDir, dest: "/intentc/reports" },
        ],
        env: baseEnv,
        limits: pack.limits,
        tools: probe.tools,
        ...sandboxLimitsSpec,
      });
    return createUnsafeExecutor(worktree, pack.limits, {
      ...baseEnv,
      INTENTC_OUT: outStage,
      INTENTC_FEEDBACK: feedbackFile,
    });
  };
  return { agentArgvInSandbox, agentExecutor, gateExecutor };
}
