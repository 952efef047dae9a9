/**
 * Agent profiles: how each real coding agent runs non-interactively inside the sandbox with the
 * generated settings. A profile names the binary (looked up on the sandbox PATH), the argv it
 * needs (prompt, settings files the pack laid at native paths), and the configuration directories
 * under the user's home that it may read (bound read-only into the fresh per-run HOME, only when
 * they exist). Secrets never come from a profile: the intent declares which env vars pass in.
 */

/** Profile names accepted by the intent (`agent:` on a slice or the system). */
export const PROFILE_NAMES = ["claude", "codex", "cursor-agent", "generic"] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

/** What a profile decides about one run. */
export interface AgentProfile {
  readonly name: ProfileName;
  /** Binary name (generic: none; the argv comes from the command line). */
  readonly binary?: string;
  /** argv after the binary, for a slice. */
  args(slice: string): string[];
  /** Directories under the host user's home bound read-only into the per-run HOME when present. */
  readonly configDirs: readonly string[];
  /** The command a person runs (README/help). */
  readonly example: string;
}

/** The instruction every profile hands the agent (the pack holds the rest). */
export function agentPrompt(slice: string): string {
  return (
    `Implement slice '${slice}' as AGENTS.md describes. Write only inside its write scope. ` +
    "Feedback from a failed attempt, if any, is in $INTENTC_FEEDBACK. Leave notes in $INTENTC_OUT/notes.md " +
    "and any request for more scope (path and reason) in $INTENTC_OUT/scope-request.md."
  );
}

const PROFILES: Record<ProfileName, AgentProfile> = {
  claude: {
    name: "claude",
    binary: "claude",
    // Print mode; only the project's (generated) settings, never the user's allow rules.
    args: (slice) => [
      "-p",
      agentPrompt(slice),
      "--settings",
      ".claude/settings.json",
      "--setting-sources",
      "project",
      "--permission-mode",
      "acceptEdits",
      "--output-format",
      "text",
    ],
    configDirs: [],
    example: "intentc run <slice>   # slice or system: agent: claude, env: [ANTHROPIC_API_KEY]",
  },
  codex: {
    name: "codex",
    binary: "codex",
    // `exec` is non-interactive; codex reads AGENTS.md itself.
    args: (slice) => [
      "exec",
      "--skip-git-repo-check",
      "--sandbox",
      "workspace-write",
      agentPrompt(slice),
    ],
    configDirs: [".codex"],
    example: "intentc run <slice>   # agent: codex, env: [OPENAI_API_KEY]",
  },
  "cursor-agent": {
    name: "cursor-agent",
    binary: "cursor-agent",
    // Print mode; reads .cursor/rules/<slice>.mdc from the worktree.
    args: (slice) => ["-p", "--force", "--output-format", "text", agentPrompt(slice)],
    configDirs: [],
    example: "intentc run <slice>   # agent: cursor-agent, env: [CURSOR_API_KEY]",
  },
  generic: {
    name: "generic",
    args: () => [],
    configDirs: [],
    example: "intentc run <slice> -- ./my-agent --flag",
  },
};

/** The profile of a name, or undefined when unknown. */
export function getProfile(name: string): AgentProfile | undefined {
  return (PROFILE_NAMES as readonly string[]).includes(name)
    ? PROFILES[name as ProfileName]
    : undefined;
}

/**
 * The agent argv for a run: the profile's binary and flags, then any extra arguments given after
 * `--`; for `generic`, exactly the given argv.
 */
export function agentArgv(
  profile: AgentProfile,
  slice: string,
  extra: readonly string[],
): string[] {
  if (profile.binary === undefined) return [...extra];
  return [profile.binary, ...profile.args(slice), ...extra];
}
