/**
 * What the agent process gets besides the tree: the argv its profile builds, the env values the
 * intent lets through (names declared in slice/system intent; values from the caller, never
 * written), a fresh per-run HOME with the profile's config dirs bound read-only, and the PATH.
 */
import { lstatSync } from "node:fs";
import { join } from "node:path";
import { agentArgv, getProfile, type AgentProfile } from "./profiles.js";
import type { Bind } from "./sandbox.js";
import type { SlicePack } from "./types.js";

/** HOME inside the sandbox (a fresh host directory per run, bound read-write). */
export const SANDBOX_HOME = "/home/agent";
/** Where an extra bin dir (stand-in agents in tests) appears inside the sandbox. */
export const SANDBOX_BIN = "/intentc/bin";

/** The agent's launch plan, or a refusal. */
export type AgentPlan =
  | {
      ok: true;
      profile: AgentProfile;
      argv: string[];
      secrets: Record<string, string>;
      envNames: string[];
    }
  | { ok: false; error: string };

/** Resolve the profile, argv and secret env of a run. */
export function planAgent(
  pack: SlicePack,
  extra: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): AgentPlan {
  const name = pack.agent?.profile ?? "generic";
  const profile = getProfile(name);
  if (profile === undefined)
    return { ok: false, error: `Unknown agent profile '${name}' in the slice pack.` };
  const argv = agentArgv(profile, pack.id, extra);
  if (argv.length === 0)
    return {
      ok: false,
      error:
        "No agent command given (use: intentc run <slice> -- <agent…>, or set `agent:` in the intent).",
    };
  const envNames = [...(pack.agent?.env ?? [])].sort();
  const missing = envNames.filter((n) => env[n] === undefined || env[n] === "");
  if (missing.length > 0)
    return {
      ok: false,
      error: `The intent passes ${missing.join(", ")} into the sandbox, but ${missing.length === 1 ? "it is" : "they are"} not set here.`,
    };
  const secrets: Record<string, string> = {};
  for (const n of envNames) secrets[n] = env[n] as string;
  return { ok: true, profile, argv, secrets, envNames };
}

/** Read-only binds of the profile's config dirs that exist (real directories, no symlink) under `hostHome`. */
export function configBinds(profile: AgentProfile, hostHome: string | undefined): Bind[] {
  if (hostHome === undefined) return [];
  const out: Bind[] = [];
  for (const d of profile.configDirs) {
    try {
      const st = lstatSync(join(hostHome, d));
      if (st.isDirectory() && !st.isSymbolicLink())
        out.push({ src: join(hostHome, d), dest: `${SANDBOX_HOME}/${d}` });
    } catch {
      // not configured on this machine
    }
  }
  return out;
}
