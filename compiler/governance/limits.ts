/**
 * Per-run limits the kernel enforces, and a process tree that dies with intentc.
 *
 * - Every sandboxed command starts as `setpriv --pdeathsig KILL -- timeout … prlimit … bwrap
 *   --die-with-parent …`: the wrapper dies with the intentc process itself (even after `kill -9`),
 *   bwrap dies with the wrapper, and the sandbox's pid namespace dies with bwrap.
 * - prlimit sets RLIMIT_FSIZE, RLIMIT_NOFILE, RLIMIT_CPU, RLIMIT_NPROC (processes) and
 *   RLIMIT_DATA (memory: private writable mappings; unlike RLIMIT_AS it lets Node reserve its
 *   address space and still refuses a 1 GiB allocation under a 512 MiB cap).
 * - RLIMIT_NPROC does not bind uid 0, so when intentc runs as root the process cap comes from a
 *   cgroup: a child of intentc's own cgroup, on the cgroup v2 hierarchy when it is delegated
 *   (pids.max, memory.max), else on the v1 `pids`/`memory` hierarchies when they are writable.
 *   The cgroup also kills whatever is left when the run ends.
 * - Without cgroup delegation (a non-root user on most systemd machines): processes are capped by
 *   RLIMIT_NPROC, which counts every task of that user, so it is set to the user's current count
 *   plus the run's allowance (measured from /proc when each command starts; other processes the
 *   user starts meanwhile share that headroom); memory by RLIMIT_DATA; time by `timeout` and
 *   RLIMIT_CPU. No process outlives the run: bwrap unshares the pid namespace. As root without a
 *   writable cgroup, the process count is NOT capped; the evidence says which limits held.
 */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";

/** Process and memory limits of a run (in addition to the pack's SandboxLimits). */
export interface ProcessLimits {
  /** Most processes/threads at once (RLIMIT_NPROC and pids.max). */
  readonly processes: number;
  /** Most private writable memory (RLIMIT_DATA) and cgroup memory, in bytes. */
  readonly memoryBytes: number;
}

/** Defaults: enough for Node and a test runner, far below what hurts the host. */
export const DEFAULT_PROCESS_LIMITS: ProcessLimits = { processes: 512, memoryBytes: 4 * 1024 ** 3 };

/**
 * prlimit flags for the process limits. RLIMIT_NPROC counts every task (process or thread) of the
 * real user, so for a non-root user the cap is the user's current count plus `processes`: the
 * sandbox gets exactly that headroom, whatever else the user runs.
 */
export function prlimitFlags(l: ProcessLimits): string[] {
  const uid = process.getuid?.();
  const base = uid === undefined || uid === 0 ? 0 : tasksOfUser(uid);
  return [`--nproc=${base + l.processes}`, `--data=${l.memoryBytes}`];
}

/** Tasks (threads included) whose real uid is `uid`, from /proc. */
export function tasksOfUser(uid: number): number {
  let n = 0;
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((p) => /^\d+$/.test(p));
  } catch {
    return 0;
  }
  for (const pid of pids) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const real = /^Uid:\s+(\d+)/m.exec(status)?.[1];
      if (real !== undefined && Number(real) === uid)
        n += Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? 1);
    } catch {
      // the process exited
    }
  }
  return n;
}

/** The wrapper that ties a command's life to the calling process (PR_SET_PDEATHSIG = SIGKILL). */
export function deathSignalWrapper(setpriv: string): string[] {
  return [setpriv, "--pdeathsig", "KILL", "--"];
}

/** A cgroup holding one run's processes. */
export interface RunCgroup {
  /** Which hierarchy: "v2", or "v1" (pids and memory controllers). */
  readonly version: "v2" | "v1";
  /** Directories the sandbox's processes are put into. */
  readonly dirs: readonly string[];
  /** Limits this cgroup enforces, for the evidence ("pids.max=512", …). */
  readonly enforced: readonly string[];
  /** argv prefix: a shell that moves itself into the cgroup, then execs the command. */
  readonly enter: readonly string[];
  /** Kill every process left in it and remove it. */
  destroy(): void;
}

const ENTER_SCRIPT =
  'for d in "$@"; do [ "$d" = -- ] && break; echo $$ > "$d/cgroup.procs" || exit 125; shift; done; shift; exec "$@"';

function ownCgroup(controller: string | undefined): string | undefined {
  let text: string;
  try {
    text = readFileSync("/proc/self/cgroup", "utf8");
  } catch {
    return undefined;
  }
  for (const line of text.split("\n")) {
    const [, ctrls, path] = line.split(":");
    if (path === undefined) continue;
    if (
      controller === undefined
        ? ctrls === "" && line.startsWith("0:")
        : ctrls.split(",").includes(controller)
    )
      return path;
  }
  return undefined;
}

function tryWrite(file: string, value: string): boolean {
  try {
    writeFileSync(file, value);
    return true;
  } catch {
    return false;
  }
}

function makeChild(parent: string, name: string): string | undefined {
  const dir = join(parent, name);
  try {
    mkdirSync(dir);
    return dir;
  } catch {
    return undefined;
  }
}

function killAll(dir: string): void {
  if (existsSync(join(dir, "cgroup.kill"))) tryWrite(join(dir, "cgroup.kill"), "1");
  for (let round = 0; round < 50; round++) {
    let pids: number[];
    try {
      pids = readFileSync(join(dir, "cgroup.procs"), "utf8")
        .split("\n")
        .filter(Boolean)
        .map(Number);
    } catch {
      return;
    }
    if (pids.length === 0) return;
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
}

function cgroupOf(version: "v2" | "v1", dirs: string[], enforced: string[]): RunCgroup {
  return {
    version,
    dirs,
    enforced,
    enter: ["/bin/sh", "-c", ENTER_SCRIPT, "sh", ...dirs, "--"],
    destroy() {
      for (const d of dirs) {
        killAll(d);
        for (let i = 0; i < 50; i++) {
          try {
            rmdirSync(d);
            break;
          } catch {
            Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
          }
        }
      }
    },
  };
}

/**
 * A cgroup for one run with `pids.max` and a memory cap, or undefined when this process may not
 * create one (no delegation). `name` must be a plain directory name (a run id).
 */
export function createRunCgroup(
  name: string,
  limits: ProcessLimits,
  root = "/sys/fs/cgroup",
): RunCgroup | undefined {
  if (!/^[A-Za-z0-9_.-]{1,128}$/.test(name)) return undefined;
  const v2path = ownCgroup(undefined);
  for (const mount of [root, join(root, "unified")]) {
    if (v2path === undefined || !existsSync(join(mount, "cgroup.controllers"))) continue;
    const dir = makeChild(join(mount, v2path), `intentc-${name}`);
    if (dir === undefined) continue;
    const enforced: string[] = [];
    if (tryWrite(join(dir, "pids.max"), String(limits.processes)))
      enforced.push(`pids.max=${limits.processes}`);
    if (tryWrite(join(dir, "memory.max"), String(limits.memoryBytes)))
      enforced.push(`memory.max=${limits.memoryBytes}`);
    if (enforced.some((e) => e.startsWith("pids.max")) && testEnter([dir]))
      return cgroupOf("v2", [dir], enforced);
    cgroupOf("v2", [dir], []).destroy();
  }
  const pidsPath = ownCgroup("pids");
  if (pidsPath === undefined) return undefined;
  const pidsDir = makeChild(join(root, "pids", pidsPath), `intentc-${name}`);
  if (pidsDir === undefined) return undefined;
  if (!tryWrite(join(pidsDir, "pids.max"), String(limits.processes)) || !testEnter([pidsDir])) {
    cgroupOf("v1", [pidsDir], []).destroy();
    return undefined;
  }
  const dirs = [pidsDir];
  const enforced = [`pids.max=${limits.processes}`];
  const memPath = ownCgroup("memory");
  const memDir =
    memPath === undefined ? undefined : makeChild(join(root, "memory", memPath), `intentc-${name}`);
  if (memDir !== undefined) {
    if (
      tryWrite(join(memDir, "memory.limit_in_bytes"), String(limits.memoryBytes)) &&
      testEnter([memDir])
    ) {
      dirs.push(memDir);
      enforced.push(`memory.limit_in_bytes=${limits.memoryBytes}`);
    } else cgroupOf("v1", [memDir], []).destroy();
  }
  return cgroupOf("v1", dirs, enforced);
}

/** Check that a process may move itself into the cgroup dirs (delegation can allow mkdir but not this). */
function testEnter(dirs: string[]): boolean {
  const r = spawnSync("/bin/sh", ["-c", ENTER_SCRIPT, "sh", ...dirs, "--", "/bin/true"], {
    stdio: "ignore",
    timeout: 10_000,
  });
  return r.status === 0;
}

/** The limits a run enforces and how, for the evidence and the log. */
export function describeLimits(
  l: ProcessLimits,
  cgroup: RunCgroup | undefined,
  isRoot: boolean,
): string[] {
  const out = [
    `RLIMIT_DATA=${l.memoryBytes} (prlimit)`,
    "pdeathsig=KILL (setpriv) + bwrap --die-with-parent + pid namespace",
  ];
  if (!isRoot) out.push(`RLIMIT_NPROC=${l.processes} more than this user already runs (prlimit)`);
  if (cgroup) out.push(...cgroup.enforced.map((e) => `${e} (cgroup ${cgroup.version})`));
  else if (isRoot)
    out.push("processes NOT capped: RLIMIT_NPROC does not bind root and no cgroup is delegated");
  return out;
}
