/**
 * Enforcement files of a slice pack: Claude Code `settings.json` permissions (isolated config;
 * deny rules paired with the OS sandbox), sandbox-runtime settings, a bwrap script and a
 * `docker run` script. The runner itself builds the bwrap argv in code from slice.json.
 */
import { stableJson, withHeader } from "../code.js";
import type { PackModel } from "./model.js";
import { shQuote } from "./text.js";
import { CONTROL_FILES, CONTROL_PATHS } from "../../shared/control-paths.js";

/** Paths no agent may write, whatever its scope: the one list of compiler/shared/control-paths.ts. */
export { CONTROL_PATHS } from "../../shared/control-paths.js";

/** Claude Code `.claude/settings.json`. */
export function renderClaudeSettings(model: PackModel): string {
  const s = model.slice;
  const allow: string[] = [];
  const deny: string[] = [];
  if (s.tools.includes("read")) {
    for (const g of [...s.writes, ...s.reads]) allow.push(`Read(./${g})`);
    for (const c of model.contracts)
      allow.push(`Read(./generated/${c}${c.endsWith(".ts") ? "" : "/**"})`);
    allow.push("Read(./AGENTS.md)", "Read(./.claude/skills/**)");
  }
  if (s.tools.includes("edit")) for (const g of s.writes) allow.push(`Edit(./${g})`);
  if (s.tools.includes("test"))
    for (const g of model.gates) allow.push(`Bash(${g.command.join(" ")})`);
  for (const p of CONTROL_PATHS) deny.push(`Edit(./${p}${CONTROL_FILES.has(p) ? "" : "/**"})`);
  deny.push("Edit(./**/.gitignore)", "Edit(./**/.gitattributes)", "Edit(./**/.git/**)");
  for (const h of model.hide) deny.push(`Read(./${h}/**)`, `Edit(./${h}/**)`);
  deny.push(
    "Read(./.env)",
    "Read(./.env.*)",
    "Read(~/.ssh/**)",
    "Read(~/.aws/**)",
    "Bash(git push:*)",
    "Bash(git commit:*)",
    "Bash(curl:*)",
    "Bash(wget:*)",
  );
  if (s.network.length === 0) deny.push("WebFetch", "WebSearch");
  return stableJson({
    $schema: "https://json.schemastore.org/claude-code-settings.json",
    permissions: {
      allow: [...new Set(allow)],
      deny: [...new Set(deny)],
      defaultMode: "dontAsk",
      disableBypassPermissionsMode: "disable",
    },
    sandbox: {
      enabled: true,
      failIfUnavailable: true,
      autoAllowBashIfSandboxed: false,
      allowUnsandboxedCommands: false,
      network: { allowedDomains: [...s.network] },
    },
    enableAllProjectMcpServers: false,
  });
}

/** `@anthropic-ai/sandbox-runtime` settings (literal paths: Linux does not expand globs). */
export function renderSrtSettings(model: PackModel): string {
  return stableJson({
    network: { allowedDomains: [...model.slice.network], deniedDomains: [] },
    filesystem: {
      denyRead: ["~/.ssh", "~/.aws", "~/.config", ".env", ...model.hide],
      allowWrite: [...model.writeRoots],
      denyWrite: [...CONTROL_PATHS],
    },
  });
}

function writeRootChecks(model: PackModel): string[] {
  return model.writeRoots.map(
    (r, i) =>
      `W${i}=$(realpath -e "$REPO"/${shQuote(r)}); case "$W${i}" in "$REPO"/*) ;; *) echo "write root escapes the repo" >&2; exit 1;; esac`,
  );
}

const USAGE_CHECK =
  '[ "$#" -gt 0 ] || { echo "usage: REPO=/path/to/repo $0 AGENT [ARGS...]" >&2; exit 2; }';

/** A bwrap script reproducing the runner's invocation (for running an agent by hand). */
export function renderBwrapScript(model: PackModel): string {
  const l = model.limits;
  const L = [
    "#!/bin/sh",
    `# Slice ${model.slice.name}: the agent runs under bubblewrap with the repo read-only, its write roots`,
    "# read-write, no network and every capability dropped, even as root.",
    "set -eu",
    'REPO=$(realpath -e "${REPO:?set REPO to the repository root}")',
    USAGE_CHECK,
    ...writeRootChecks(model),
    `exec timeout -k 5 ${l.timeoutSeconds} prlimit --fsize=${l.fileSizeBytes} --nofile=${l.openFiles} --cpu=${l.cpuSeconds} -- \\`,
    "  bwrap --unshare-all --unshare-user --disable-userns --assert-userns-disabled --cap-drop ALL \\",
    "  --die-with-parent --new-session --clearenv --setenv PATH /usr/bin:/bin --setenv HOME /tmp \\",
    "  --tmpfs / --ro-bind /usr /usr --symlink usr/bin /bin --symlink usr/lib /lib --symlink usr/lib64 /lib64 \\",
    "  --ro-bind /etc/passwd /etc/passwd --ro-bind /etc/group /etc/group \\",
    `  --dev /dev --proc /proc --size ${l.tmpBytes} --tmpfs /tmp \\`,
    '  --ro-bind "$REPO" /repo \\',
    ...model.hide.map((h) => `  --tmpfs /repo/${shQuote(h)} --remount-ro /repo/${shQuote(h)} \\`),
    ...model.writeRoots.map((r, i) => `  --bind "$W${i}" /repo/${shQuote(r)} \\`),
    '  --chdir /repo -- "$@"',
  ];
  return withHeader(L.join("\n") + "\n", "sh");
}

/** A `docker run` script (the read-only repo mount fails closed on engines without bind-recursive). */
export function renderDockerScript(model: PackModel): string {
  const l = model.limits;
  const L = [
    "#!/bin/sh",
    `# Slice ${model.slice.name}: the agent runs in a container with the repo read-only, its write roots`,
    "# read-write, no network and no capabilities. IMAGE must hold the tools the gates need.",
    "set -eu",
    'REPO=$(realpath -e "${REPO:?set REPO to the repository root}")',
    "IMAGE=${IMAGE:-node:20-bookworm-slim}",
    USAGE_CHECK,
    ...writeRootChecks(model),
    `exec timeout -k 5 ${l.timeoutSeconds} docker run --rm --network none --cap-drop ALL \\`,
    "  --security-opt no-new-privileges --read-only --pids-limit 512 \\",
    `  --tmpfs /tmp:rw,size=${l.tmpBytes} --ulimit fsize=${l.fileSizeBytes} --ulimit nofile=${l.openFiles} \\`,
    '  --user "$(id -u):$(id -g)" --workdir /repo \\',
    '  --mount "type=bind,source=$REPO,target=/repo,readonly,bind-recursive=readonly" \\',
    ...model.hide.map((h) => `  --mount ${shQuote(`type=tmpfs,target=/repo/${h}`)} \\`),
    ...model.writeRoots.map(
      (r, i) => `  --mount "type=bind,source=$W${i},"${shQuote(`target=/repo/${r}`)} \\`,
    ),
    '  "$IMAGE" "$@"',
  ];
  return withHeader(L.join("\n") + "\n", "sh");
}
