/** The bwrap argv (built in code, root-safe flags) and the scope policy as units. */
import { describe, expect, it } from "vitest";
import {
  bwrapArgs,
  DEFAULT_LIMITS,
  probeSandbox,
  sandboxArgv,
} from "../../compiler/governance/sandbox.js";
import { checkChanges } from "../../compiler/governance/policy.js";
import {
  controlFileReason,
  createScopeMatcher,
  writeRootsOf,
} from "../../compiler/governance/scope.js";

const spec = {
  worktree: "/w",
  writeRoots: ["src/feature"],
  hide: ["src/other"],
  env: { INTENTC_SLICE: "feature" },
  limits: DEFAULT_LIMITS,
  tools: { bwrap: "/usr/bin/bwrap", timeout: "/usr/bin/timeout", prlimit: "/usr/bin/prlimit" },
};

describe("sandbox argv", () => {
  it("wraps bwrap in timeout and prlimit and drops every capability before binding the repo read-only", () => {
    const argv = sandboxArgv(spec, ["sh", "agent.sh; rm -rf /"]);
    expect(argv.slice(0, 9)).toEqual([
      "/usr/bin/timeout",
      "-k",
      "5",
      "600",
      "/usr/bin/prlimit",
      "--fsize=67108864",
      "--nofile=256",
      "--cpu=600",
      "--",
    ]);
    expect(argv.slice(9, 19)).toEqual([
      "/usr/bin/bwrap",
      "--unshare-all",
      "--unshare-user",
      "--disable-userns",
      "--assert-userns-disabled",
      "--cap-drop",
      "ALL",
      "--die-with-parent",
      "--new-session",
      "--clearenv",
    ]);
    // The agent argv is passed through as separate words after "--", never through a shell.
    expect(argv.slice(-3)).toEqual(["--", "sh", "agent.sh; rm -rf /"]);
    const a = bwrapArgs(spec);
    const at = (flag: string, ...rest: string[]) =>
      a.findIndex((_, i) => [flag, ...rest].every((x, j) => a[i + j] === x));
    expect(at("--ro-bind", "/w", "/repo")).toBeGreaterThan(at("--tmpfs", "/"));
    expect(at("--tmpfs", "/repo/src/other")).toBeGreaterThan(at("--ro-bind", "/w", "/repo"));
    expect(at("--bind", "/w/src/feature", "/repo/src/feature")).toBeGreaterThan(
      at("--ro-bind", "/w", "/repo"),
    );
    expect(a).not.toContain("--share-net");
    expect(a.slice(at("--setenv", "INTENTC_SLICE"), at("--setenv", "INTENTC_SLICE") + 3)).toEqual([
      "--setenv",
      "INTENTC_SLICE",
      "feature",
    ]);
  });

  it("B11: reports a missing bwrap", () => {
    expect(probeSandbox("/nonexistent/bwrap")).toMatchObject({ ok: false });
  });
});

describe("scope policy", () => {
  it("matches write globs, folds nested write roots and flags control files", () => {
    const m = createScopeMatcher(["src/feature/**"]);
    expect([
      m("src/feature/a.ts"),
      m("src/feature/.hidden"),
      m("src/feature/../x"),
      m("src/other/a.ts"),
    ]).toEqual([true, true, false, false]);
    expect(writeRootsOf(["src/a/**", "src/a/b/*.ts", "lib/x.ts"])).toEqual(["lib", "src/a"]);
    expect(controlFileReason("src/feature/.git/config")).toMatch(/git metadata/);
    expect(controlFileReason("generated/x.ts")).toMatch(/compiler input or output/);
    expect(controlFileReason("src/feature/ok.ts")).toBeUndefined();
  });

  it("reports each rule once per path", () => {
    const file = (mode: number, oid = "a") => ({ type: "file" as const, mode, size: 1, oid });
    const r = checkChanges(
      [
        {
          path: "src/feature/run.sh",
          status: "mode-changed",
          before: file(0o644),
          after: file(0o755),
        },
        {
          path: "src/feature/big",
          status: "added",
          after: { type: "file", mode: 0o644, size: 100, oid: "b" },
        },
        { path: "src/feature/x", status: "added", after: file(0o2755, "c") },
      ],
      { writes: ["src/feature/**"], maxFileBytes: 10 },
    );
    expect(r.violations.map((v) => `${v.rule} ${v.path}`)).toEqual([
      "exec-bit src/feature/run.sh",
      "too-large src/feature/big",
      "setuid src/feature/x",
      "exec-bit src/feature/x",
    ]);
  });
});
