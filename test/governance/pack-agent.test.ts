/**
 * Intent → slice pack for governed runs (issue 14): the agent profile and env names declared on
 * the system and the slice, and the invariants a tier requires exercised; plus the sandbox argv
 * keeps secret values off every command line and binds the throw-away copy for the agent step.
 */
import { describe, expect, it } from "vitest";
import { compileMemory, HEADER } from "../helpers.js";
import { slicePacksEmitter } from "../../compiler/emit/slice-packs.js";
import { sliceSchema } from "../../compiler/governance/schemas/slice.schema.js";
import {
  bwrapArgs,
  DEFAULT_LIMITS,
  sandboxArgv,
  secretArgs,
} from "../../compiler/governance/sandbox.js";
import { validator } from "./helpers.js";

const SYSTEM = `intent: 1
system: s
version: 1.0.0
agent: claude
env: [ANTHROPIC_API_KEY]
gates:
  test: { stage: test, command: [npx, vitest, run] }
risk:
  tiers:
    high: { approvals: 2, retries: 1, gates: [test], exercise: critical }
    low: { approvals: 1, retries: 0, gates: [test] }
`;

const DOMAIN = `${HEADER}risk: high
entities:
  Account:
    key: id
    fields: { id: string, balance: integer, status: AccountLifecycle }
events:
  close: {}
machines:
  AccountLifecycle:
    entity: Account
    initial: open
    states:
      open: { on: { close: closed } }
      closed: { final: true }
invariants:
  ACC-1: { on: Account, says: Balance never negative, holds: "balance >= 0", severity: critical }
  ACC-2: { on: Account, says: Small balance, holds: "balance < 1000000", severity: warning }
slices:
  account-service:
    says: Implement the account lifecycle
    implements: [AccountLifecycle]
    writes: ["src/account/**"]
    env: [GITHUB_TOKEN]
  account-docs:
    says: Write the docs
    implements: [Account]
    writes: ["docs/account/**"]
    risk: low
    agent: codex
`;

function packs(files: Record<string, string>) {
  const r = compileMemory(files);
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (r.program === undefined || errors.length > 0)
    throw new Error(errors.map((d) => `${d.code} ${d.message}`).join("\n"));
  const out = slicePacksEmitter.emit(r.program, { report: () => {}, options: {} });
  return (id: string) => JSON.parse(out.get(`slices/${id}/slice.json`) as string);
}

describe("slice pack: agent, env and exercise", () => {
  it("takes the profile from the slice or the system, env names from both, and the tier's required invariants", () => {
    const get = packs({ "intent/system.intent.yaml": SYSTEM, "intent/shop.intent.yaml": DOMAIN });
    const svc = get("account-service");
    expect(svc.agent).toEqual({ profile: "claude", env: ["ANTHROPIC_API_KEY", "GITHUB_TOKEN"] });
    expect(svc.risk).toMatchObject({
      tier: "high",
      exercise: "critical",
      mustExercise: ["shop.ACC-1"],
    });
    expect(svc.invariants).toEqual(["shop.ACC-1", "shop.ACC-2"]);
    const docs = get("account-docs");
    expect(docs.agent).toEqual({ profile: "codex", env: ["ANTHROPIC_API_KEY"] });
    expect(docs.risk).toMatchObject({ tier: "low", exercise: "none", mustExercise: [] });
    expect(validator(sliceSchema)(svc)).toEqual([]);
    expect(
      validator(sliceSchema)({ ...svc, agent: { profile: "evil", env: ["lower-case"] } }).length,
    ).toBe(2);
  });

  it("rejects an unknown profile and a malformed env name with their positions", () => {
    const bad = DOMAIN.replace("agent: codex", "agent: gpt").replace(
      "env: [GITHUB_TOKEN]",
      "env: [github-token]",
    );
    const r = compileMemory({
      "intent/system.intent.yaml": SYSTEM,
      "intent/shop.intent.yaml": bad,
    });
    const errors = r.diagnostics
      .filter((d) => d.severity === "error")
      .map((d) => `${d.code} ${d.line}:${d.column}`);
    expect(errors).toHaveLength(2);
    expect(errors.every((e) => e.startsWith("IC1"))).toBe(true);
  });
});

describe("sandbox argv for the agent step", () => {
  const spec = {
    worktree: "/w",
    writeRoots: ["src/feature"],
    hide: [],
    env: { INTENTC_SLICE: "feature" },
    secretEnv: { ANTHROPIC_API_KEY: "sk-very-secret-value" },
    shadow: "/run/shadow",
    home: { src: "/run/home", dest: "/home/agent" },
    limits: DEFAULT_LIMITS,
    tools: { bwrap: "/usr/bin/bwrap", timeout: "/usr/bin/timeout", prlimit: "/usr/bin/prlimit" },
  };

  it("never puts a secret value on the command line: bwrap reads it from stdin (--args 0)", () => {
    const argv = sandboxArgv(spec, ["claude", "-p", "x"]);
    expect(argv.join("\0")).not.toContain("sk-very-secret-value");
    expect(argv.join("\0")).not.toContain("ANTHROPIC_API_KEY");
    expect(argv).toContain("--args");
    expect(secretArgs(spec.secretEnv).toString("utf8")).toBe(
      "--setenv\0ANTHROPIC_API_KEY\0sk-very-secret-value\0",
    );
  });

  it("binds the throw-away copy read-write at /repo, the write roots over it, and HOME before config binds", () => {
    const a = bwrapArgs({ ...spec, roBinds: [{ src: "/h/.codex", dest: "/home/agent/.codex" }] });
    const at = (...xs: string[]) => a.findIndex((_, i) => xs.every((x, j) => a[i + j] === x));
    expect(at("--bind", "/run/shadow", "/repo")).toBeGreaterThan(0);
    expect(at("--ro-bind", "/w", "/repo")).toBe(-1);
    expect(at("--bind", "/w/src/feature", "/repo/src/feature")).toBeGreaterThan(
      at("--bind", "/run/shadow", "/repo"),
    );
    expect(at("--ro-bind", "/h/.codex", "/home/agent/.codex")).toBeGreaterThan(
      at("--bind", "/run/home", "/home/agent"),
    );
  });
});

describe("explorer verdict for the evidence", () => {
  it("explores the machines a slice implements, apart from any suite verdict on the code", async () => {
    const { explorerVerdicts } = await import("../../compiler/cli/run-explorer.js");
    const { loadPack } = await import("../../compiler/governance/pack.js");
    const repo = new URL("../../", import.meta.url).pathname;
    const pack = loadPack(repo, "order-service");
    if (typeof pack === "string") throw new Error(pack);
    const v = await explorerVerdicts(repo, pack, 500);
    expect(v.map((x) => x.machine)).toEqual(["orders.OrderLifecycle"]);
    expect(["clean", "findings"]).toContain(v[0].verdict);
    expect(v[0].states).toBeGreaterThan(0);
    expect(
      await explorerVerdicts(repo, { ...pack, implements: ["orders.OrdersApi"] }, 500),
    ).toEqual([]);
  });
});
