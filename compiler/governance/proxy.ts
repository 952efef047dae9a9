/**
 * Network by allow-list: the sandbox keeps no network of its own (`--unshare-net`: loopback only,
 * no resolver). When a slice lists hosts under `network:`, a filtering proxy runs on the host,
 * outside the sandbox, on a Unix socket that is bound into it; a bridge inside forwards
 * 127.0.0.1:3128 to that socket and `HTTP(S)_PROXY` point at it. The proxy lets exactly the listed
 * hosts through (HTTPS by CONNECT, never decrypted) and records every decision.
 */
import { spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readFileNoFollow } from "./manifest.js";
import { BRIDGE_SCRIPT, PROXY_SCRIPT } from "./proxy-scripts.js";
import { neutralise } from "./record.js";
import type { NetworkDecision } from "./types.js";

/** TCP port of the bridge inside the sandbox. */
export const BRIDGE_PORT = 3128;
/** Where the proxy socket and the bridge appear inside the sandbox. */
export const SANDBOX_PROXY_SOCKET = "/intentc/net/proxy.sock";
export const SANDBOX_BRIDGE = "/intentc/net/bridge.cjs";

/** A running proxy. */
export interface ProxyHandle {
  /** Host directory holding the socket and the bridge (bind it read-only at /intentc/net). */
  readonly dir: string;
  /** Env for the agent inside the sandbox. */
  readonly env: Readonly<Record<string, string>>;
  /** Wrap the agent argv with the bridge (node inside the sandbox). */
  wrap(argv: readonly string[]): string[];
  /** Stop the proxy (by its pid) and return every decision it logged. */
  stop(): NetworkDecision[];
}

/** Options of {@link startProxy}. */
export interface ProxyOptions {
  /** Empty directory on the host for the socket, config, log and scripts. */
  readonly dir: string;
  /** The slice's `network:` entries: `host`, `host:port`, `*.suffix`, `*.suffix:port`. */
  readonly allow: readonly string[];
  /** Name → address overrides for the proxy's own lookups (tests use loopback only). */
  readonly hosts?: Readonly<Record<string, string>>;
  /** node binary as seen inside the sandbox (must live under /usr). */
  readonly node: string;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Start the host-side proxy and wait until its socket listens; `{ error }` if it cannot. */
export function startProxy(o: ProxyOptions): ProxyHandle | { error: string } {
  const socket = join(o.dir, "proxy.sock");
  const log = join(o.dir, "connections.jsonl");
  const ready = join(o.dir, "ready");
  const config = join(o.dir, "proxy.json");
  writeFileSync(join(o.dir, "proxy.cjs"), PROXY_SCRIPT, { mode: 0o644 });
  writeFileSync(join(o.dir, "bridge.cjs"), BRIDGE_SCRIPT, { mode: 0o644 });
  writeFileSync(
    config,
    JSON.stringify({
      socket,
      log,
      ready,
      parent: process.pid,
      allow: o.allow,
      hosts: o.hosts ?? {},
    }),
    { mode: 0o600 },
  );
  writeFileSync(log, "", { mode: 0o644 });
  const child = spawn(process.execPath, [join(o.dir, "proxy.cjs"), config], {
    stdio: "ignore",
    env: { PATH: "/usr/bin:/bin" },
    cwd: o.dir,
  });
  child.unref();
  for (let waited = 0; !existsSync(ready); waited += 20) {
    if (waited > 10_000 || child.exitCode !== null) {
      if (child.pid !== undefined && child.exitCode === null) child.kill("SIGKILL");
      return { error: "the network proxy did not start" };
    }
    sleep(20);
  }
  const url = `http://127.0.0.1:${BRIDGE_PORT}`;
  let decisions: NetworkDecision[] | undefined;
  return {
    dir: o.dir,
    env: {
      HTTP_PROXY: url,
      HTTPS_PROXY: url,
      http_proxy: url,
      https_proxy: url,
      NO_PROXY: "",
      no_proxy: "",
    },
    wrap: (argv) => [
      o.node,
      SANDBOX_BRIDGE,
      SANDBOX_PROXY_SOCKET,
      String(BRIDGE_PORT),
      "--",
      ...argv,
    ],
    stop() {
      if (decisions === undefined) {
        if (child.exitCode === null) child.kill("SIGTERM");
        decisions = readDecisions(log);
      }
      return decisions;
    },
  };
}

/** The proxy's log as decisions (capped; malformed lines dropped; text neutralised). */
export function readDecisions(log: string): NetworkDecision[] {
  const buf = readFileNoFollow(log, 4 << 20);
  if (buf === undefined) return [];
  const out: NetworkDecision[] = [];
  for (const line of buf.toString("utf8").split("\n").slice(0, 10_000)) {
    try {
      const v = JSON.parse(line) as Record<string, unknown>;
      if (typeof v.allowed !== "boolean" || (v.kind !== "connect" && v.kind !== "request"))
        continue;
      out.push({
        kind: v.kind,
        host: neutralise(String(v.host ?? v.target ?? "")).slice(0, 300),
        port: Number.isSafeInteger(v.port) ? (v.port as number) : 0,
        allowed: v.allowed,
        ...(typeof v.reason === "string" ? { reason: neutralise(v.reason).slice(0, 300) } : {}),
        ...(typeof v.error === "string" ? { error: neutralise(v.error).slice(0, 100) } : {}),
      });
    } catch {
      // not a log line
    }
  }
  return out;
}
