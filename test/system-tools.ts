/**
 * System tools some suites need (bubblewrap, Chromium). On a machine without them those
 * suites skip, and the global setup prints one loud line naming what is missing and how to
 * install it. With INTENTC_REQUIRE_SYSTEM_TOOLS=1 (set by .ci/run) a missing tool fails the run
 * instead, so CI always runs every suite.
 */
import { existsSync } from "node:fs";
import { describe } from "vitest";
import { findExecutable, probeSandbox } from "../compiler/governance/sandbox.js";

export type SystemTool = "bwrap" | "chromium" | "redis";

export interface ToolProbe {
  readonly tool: SystemTool;
  readonly ok: boolean;
  /** Why it is unusable (empty when ok). */
  readonly reason: string;
  /** The command that installs it on Debian. */
  readonly install: string;
}

export const CHROMIUM_PATH = "/usr/bin/chromium";

const INSTALL: Record<SystemTool, string> = {
  bwrap: "apt-get install bubblewrap",
  chromium: "apt-get install chromium",
  redis: "apt-get install redis-server",
};

/** The sandbox's own probe: a suite that needs bubblewrap runs where the product would run it. */
function probeBwrap(): string {
  const p = probeSandbox();
  return p.ok ? "" : p.reason;
}

const probes: Record<SystemTool, () => string> = {
  bwrap: probeBwrap,
  chromium: () => (existsSync(CHROMIUM_PATH) ? "" : `${CHROMIUM_PATH} is missing`),
  redis: () => (findExecutable("redis-server") ? "" : "redis-server is not on PATH"),
};

const cache = new Map<SystemTool, ToolProbe>();

/** Probe one tool (cached per process). */
export function probeTool(tool: SystemTool): ToolProbe {
  let p = cache.get(tool);
  if (p === undefined) {
    // INTENTC_TEST_HIDE_TOOLS=bwrap,chromium rehearses a machine without them.
    const hidden = (process.env.INTENTC_TEST_HIDE_TOOLS ?? "").split(",").includes(tool);
    const reason = hidden ? `${tool} hidden by INTENTC_TEST_HIDE_TOOLS` : probes[tool]();
    p = { tool, ok: reason === "", reason, install: INSTALL[tool] };
    cache.set(tool, p);
  }
  return p;
}

/** True when CI demands every system suite (INTENTC_REQUIRE_SYSTEM_TOOLS=1). */
export function toolsRequired(): boolean {
  return process.env.INTENTC_REQUIRE_SYSTEM_TOOLS === "1";
}

/**
 * `describe` that runs only when every tool is usable; otherwise skipped, or — when tools are
 * required — a failing suite that says what is missing.
 */
export function describeWithTools(
  tools: readonly SystemTool[],
  name: string,
  body: () => void,
): void {
  const missing = tools.map(probeTool).filter((p) => !p.ok);
  if (missing.length === 0) return describe(name, body);
  const why = missing.map((p) => `${p.reason} (install: ${p.install})`).join("; ");
  if (toolsRequired()) {
    // Throwing while collecting fails the whole file with the reason.
    return describe(name, () => {
      throw new Error(`INTENTC_REQUIRE_SYSTEM_TOOLS=1 but ${why}`);
    });
  }
  describe.skip(`${name} [skipped: ${why}]`, body);
}

/** One line per missing tool, for the global setup's summary. */
export function missingToolsSummary(): string | undefined {
  const missing = (Object.keys(INSTALL) as SystemTool[]).map(probeTool).filter((p) => !p.ok);
  if (missing.length === 0) return undefined;
  const list = missing.map((p) => `${p.tool} (${p.reason})`).join(", ");
  const cmd = `apt-get install ${missing.map((p) => INSTALL[p.tool].split(" ").pop()).join(" ")}`;
  return toolsRequired()
    ? `intentc tests: REQUIRED system tools are missing: ${list}. Those suites FAIL. Install: ${cmd}`
    : `intentc tests: SKIPPING the suites that need ${list}. Install them to run everything: ${cmd}`;
}
