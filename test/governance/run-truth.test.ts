/**
 * Governed runs that tell the truth (issue 14), end to end in the real bubblewrap sandbox:
 * the agent's own output is recorded untrusted; invariants are `passed` only when a suite ran the
 * implementation; a tier can require them; the network is an allow-list enforced by a proxy
 * outside the sandbox; agent profiles get exactly their argv, env and files; no gates is never a
 * pass; EVIDENCE.md leads with what a person must look at. Local servers bind 127.0.0.1 only.
 */
import { spawn, type ChildProcess } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  lstatSync,
  writeFileSync,
  chmodSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithTools } from "../system-tools.js";
import { loadPack } from "../../compiler/governance/pack.js";
import { runSlice, type RunOptions } from "../../compiler/governance/run.js";
import { getProfile } from "../../compiler/governance/profiles.js";
import { evidenceSchema } from "../../compiler/governance/schemas/evidence.schema.js";
import type { SlicePack } from "../../compiler/governance/types.js";
import { makeRepo, validator } from "./helpers.js";

let repo: string;
let pack: SlicePack;
let server: ChildProcess | undefined;
let port = 0;
const SECRET = "sk-test-SECRET-0123456789";

function run(argv: string[], extra: Partial<RunOptions> = {}, p: SlicePack = pack) {
  const r = runSlice({ repo, pack: p, agent: argv, agentName: "scripted-agent", ...extra });
  if (!r.ok) throw new Error(r.error);
  expect(
    validator(evidenceSchema)(JSON.parse(readFileSync(join(r.runDir, "evidence.json"), "utf8"))),
  ).toEqual([]);
  return r;
}

const sh = (script: string) => ["sh", "-c", script];
const report = (o: Record<string, unknown>) =>
  JSON.stringify({
    format: 1,
    kind: "model-based",
    suite: "feature.CounterMachine",
    subject: "implementation",
    runs: 230,
    seed: 1234567,
    invariants: ["feature.CNT-1"],
    result: "passed",
    ...o,
  });
const withReport = (line: string) =>
  sh(`echo ok > src/feature/ok.txt && printf '%s\\n' '${line}' > src/feature/suite-report.jsonl`);

/** Every file under a directory (lstat, never followed). */
function allFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = lstatSync(p);
    if (st.isDirectory()) out.push(...allFiles(p));
    else if (st.isFile()) out.push(p);
  }
  return out;
}

describeWithTools(["bwrap"], "intentc run tells the truth (issue 14)", () => {
  beforeAll(async () => {
    repo = makeRepo();
    const p = loadPack(repo, "feature");
    if (typeof p === "string") throw new Error(p);
    pack = p;
    // A separate process: runSlice blocks this one while the agent runs.
    server = spawn(process.execPath, [
      "-e",
      'const s=require("http").createServer((q,r)=>r.end("hello from "+q.headers.host+q.url));s.listen(0,"127.0.0.1",()=>console.log(s.address().port))',
    ]);
    port = await new Promise<number>((resolve) =>
      server!.stdout!.once("data", (d) => resolve(Number(String(d).trim()))),
    );
  });

  afterAll(() => {
    if (server?.pid !== undefined) server.kill();
    if (repo) rmSync(repo, { recursive: true, force: true });
  });

  it("records the agent's stdout and stderr, neutralised and marked untrusted; EVIDENCE.md leads with what to look at", () => {
    const r = run(["sh", "agents/good.sh"]);
    expect(r.evidence.result).toBe("passed");
    const a = r.evidence.agentOutput?.[0];
    expect(a).toMatchObject({ attempt: 1, exitCode: 0, timedOut: false });
    expect(a?.stdout.tail).toBe("agent says hi\\u{7}");
    expect(a?.stderr.tail).toBe("agent warns");
    expect(readFileSync(join(r.runDir, a!.stdout.file), "utf8")).toBe("agent says hi\\u{7}\n");
    const md = readFileSync(join(r.runDir, "EVIDENCE.md"), "utf8");
    expect(md).toContain("### Agent output (UNTRUSTED");
    expect(md).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    const order = [
      "**Result: PASSED**",
      "1. **Scope:** 1 file changed, all in scope; no blocked write attempts.",
      "2. **Gates:** 2 of 2 passed (attempt 1).",
      "3. **Invariants exercised on the implementation:** 0 of 1.",
      "4. **Violations:** none. **Refused connections:** none.",
      "5. **Agent notes / scope request (untrusted):** notes left; **a scope request** (surfaced, never applied).",
      "## Scope",
      "## Gates",
      "## Invariants exercised on the implementation",
      "### Explorer verdict on the intent",
      "## Violations",
      "## Network",
      "## Agent notes (UNTRUSTED",
      "## Scope request (UNTRUSTED",
      "## Details",
    ].map((s) => md.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
  });

  it("caps a flood of output (head and tail kept) and rejects a change that carries a secret value", () => {
    const flood = run(
      sh("head -c 300000 /dev/zero | tr '\\0' 'a'; echo; echo END; echo ok > src/feature/ok.txt"),
    );
    const out = flood.evidence.agentOutput![0].stdout;
    expect(out).toMatchObject({ bytes: 300005, truncated: true });
    const stored = readFileSync(join(flood.runDir, out.file), "utf8");
    expect(stored.length).toBeLessThan(70_000);
    expect(stored).toContain("bytes elided by intentc");
    expect(stored.trimEnd().endsWith("END")).toBe(true);
    const leak = run(
      sh('echo "$TEST_KEY" > src/feature/config.ts; echo ok > src/feature/ok.txt'),
      { env: { TEST_KEY: SECRET } },
      { ...pack, agent: { profile: "generic", env: ["TEST_KEY"] } },
    );
    expect(leak.evidence.result).toBe("rejected");
    expect(leak.evidence.violations).toEqual([
      {
        path: "src/feature/config.ts",
        rule: "secret-value",
        message:
          "'src/feature/config.ts' contains the value of TEST_KEY, which was passed into the sandbox; it must never be committed.",
      },
    ]);
  });

  it("an agent whose gates pass without any suite run gets 'not exercised', never 'passed'", () => {
    const r = run(
      sh("echo 'export const LOAN_DAYS = 14;' > src/feature/loan.ts; echo ok > src/feature/ok.txt"),
    );
    expect(r.evidence.result).toBe("passed");
    expect(r.evidence.properties).toEqual([{ name: "feature.CNT-1", status: "not-exercised" }]);
    expect(readFileSync(join(r.runDir, "EVIDENCE.md"), "utf8")).toContain(
      "- ` feature.CNT-1 `: not exercised",
    );
  });

  it("'passed' names the suite, runs and seed when a suite ran the implementation; a reference-only run does not count", () => {
    const r = run(withReport(report({})));
    expect(r.evidence.properties).toEqual([
      {
        name: "feature.CNT-1",
        status: "passed",
        suite: "feature.CounterMachine",
        runs: 230,
        seed: 1234567,
      },
    ]);
    const ref = run(withReport(report({ subject: "reference" })));
    expect(ref.evidence.properties).toEqual([{ name: "feature.CNT-1", status: "not-exercised" }]);
    expect(ref.evidence.suites?.map((s) => [s.suite, s.subject, s.gate])).toEqual([
      ["feature.CounterMachine", "reference", "test"],
    ]);
    expect(readFileSync(join(ref.runDir, "EVIDENCE.md"), "utf8")).toContain(
      "Suites that ran only the generated reference",
    );
    const failed = run(
      withReport(
        report({ result: "failed", counterexample: "Model-based check failed after 2 step(s)" }),
      ),
    );
    expect(failed.evidence.properties[0]).toMatchObject({
      status: "failed",
      counterexample: "Model-based check failed after 2 step(s)",
    });
  });

  it("a tier that requires critical invariants exercised fails the run until they are, feeding that back", () => {
    const strict: SlicePack = {
      ...pack,
      risk: { ...pack.risk, exercise: "critical", mustExercise: ["feature.CNT-1"] },
    };
    const r = run(
      sh('echo ok > src/feature/ok.txt; cat "$INTENTC_FEEDBACK" >> src/feature/feedback.log'),
      {},
      strict,
    );
    expect(r.evidence.result).toBe("failed");
    expect(r.evidence.attempts).toBe(3);
    expect(r.evidence.reason).toBe(
      "Risk tier 'standard' requires invariants exercised on the implementation; not exercised after 3 attempt(s): feature.CNT-1.",
    );
    expect(r.evidence.exercise).toEqual({
      required: ["feature.CNT-1"],
      missing: ["feature.CNT-1"],
    });
    expect(readFileSync(join(r.worktree, "src/feature/feedback.log"), "utf8")).toContain(
      "no model-based suite ran your implementation against feature.CNT-1",
    );
    const ok = run(withReport(report({})), {}, strict);
    expect(ok.evidence).toMatchObject({
      result: "passed",
      attempts: 1,
      exercise: { required: ["feature.CNT-1"], missing: [] },
    });
  });

  it("a pack with no gates is refused, never a pass over an empty table", () => {
    const r = runSlice({
      repo,
      pack: { ...pack, risk: { ...pack.risk, gates: [] } },
      agent: ["sh", "agents/good.sh"],
    });
    expect(r).toEqual({
      ok: false,
      error: expect.stringMatching(/^Slice 'feature' runs no gates \(risk tier 'standard'\)/),
    });
  });

  it("network by allow-list: the allowed name reaches its server (HTTP and CONNECT), a second name is refused and recorded, DNS resolves nothing", () => {
    const net: SlicePack = { ...pack, network: [`allowed.test:${port}`] };
    const r = run(
      sh(
        [
          `curl -s -m 20 -o src/feature/get.txt -w '%{http_code}' http://allowed.test:${port}/x > src/feature/get.code`,
          `curl -s -m 20 -o /dev/null -w '%{http_code}' http://refused.test:${port}/x > src/feature/refused.code`,
          `curl -s -m 20 -p -o src/feature/tunnel.txt http://allowed.test:${port}/tunnel; echo $? > src/feature/tunnel.rc`,
          `curl -s -m 20 -p -o /dev/null http://refused.test:${port}/; echo $? > src/feature/tunnel-refused.rc`,
          "getent hosts allowed.test > /dev/null; echo $? > src/feature/dns.rc",
          `curl -s -m 20 --noproxy '*' -o /dev/null http://127.0.0.1:${port}/; echo $? > src/feature/direct.rc`,
          "echo ok > src/feature/ok.txt",
        ].join("\n"),
      ),
      { proxyHosts: { "allowed.test": "127.0.0.1", "refused.test": "127.0.0.1" } },
      net,
    );
    const f = (n: string) => readFileSync(join(r.worktree, "src/feature", n), "utf8").trim();
    expect([f("get.code"), f("get.txt")]).toEqual(["200", `hello from allowed.test:${port}/x`]);
    expect(f("refused.code")).toBe("403");
    expect([f("tunnel.rc"), f("tunnel.txt")]).toEqual([
      "0",
      `hello from allowed.test:${port}/tunnel`,
    ]);
    expect(f("tunnel-refused.rc")).not.toBe("0");
    expect(f("dns.rc")).not.toBe("0");
    expect(f("direct.rc")).not.toBe("0");
    expect(r.evidence.network?.enforced).toBe(true);
    expect(r.evidence.network?.refused.map((d) => `${d.kind} ${d.host}:${d.port}`)).toEqual([
      `request refused.test:${port}`,
      `connect refused.test:${port}`,
    ]);
    expect(r.evidence.network?.allowed.map((d) => `${d.kind} ${d.host}:${d.port}`)).toEqual([
      `request allowed.test:${port}`,
      `connect allowed.test:${port}`,
    ]);
    const md = readFileSync(join(r.runDir, "EVIDENCE.md"), "utf8");
    expect(md).toContain("**Refused connections:** **2**");
    expect(md).toContain(`- **refused** connect \` refused.test:${port} \``);
  });

  for (const name of ["claude", "codex", "cursor-agent"] as const) {
    it(`profile ${name}: the stand-in gets exactly its argv, declared env, a fresh HOME and its files; the secret is written nowhere`, () => {
      const bin = mkdtempSync(join(tmpdir(), "intentc-bin-"));
      const home = mkdtempSync(join(tmpdir(), "intentc-home-"));
      mkdirSync(join(home, ".codex"));
      writeFileSync(join(home, ".codex/config.toml"), 'model = "x"\n');
      writeFileSync(
        join(bin, name),
        [
          "#!/bin/sh",
          `out=src/feature/profile.txt`,
          'for a in "$@"; do printf "arg:%s\\n" "$a"; done > "$out"',
          '{ echo "home:$HOME"; echo "path:$PATH"; [ "$TEST_KEY" = "' +
            SECRET +
            '" ] && echo key:ok || echo key:bad',
          '  [ -z "$UNDECLARED" ] && echo undeclared:absent; [ -w "$HOME" ] && echo home:writable',
          '  echo "home-entries:$(ls -A "$HOME" | tr "\\n" " ")"; [ -f .claude/settings.json ] && echo settings:present',
          '  [ -f "$HOME/.codex/config.toml" ] && echo codexconf:present; touch "$HOME/.codex/x" 2>/dev/null && echo codexconf:writable',
          '  [ -t 0 ] || read -r line </dev/stdin; echo "stdin:$?"; } >> "$out"',
          'echo "leaking $TEST_KEY"; echo "also $TEST_KEY" >&2; echo "$TEST_KEY" > "$INTENTC_OUT/notes.md"',
          "echo ok > src/feature/ok.txt",
        ].join("\n") + "\n",
      );
      chmodSync(join(bin, name), 0o755);
      const p: SlicePack = { ...pack, agent: { profile: name, env: ["TEST_KEY"] } };
      const r = run(
        [],
        { agentBinDir: bin, hostHome: home, env: { TEST_KEY: SECRET, UNDECLARED: "x" } },
        p,
      );
      const lines = readFileSync(join(r.worktree, "src/feature/profile.txt"), "utf8")
        .trimEnd()
        .split("\n");
      const args = lines.filter((l) => l.startsWith("arg:")).map((l) => l.slice(4));
      expect(args).toEqual(getProfile(name)!.args("feature"));
      const facts = lines.filter((l) => !l.startsWith("arg:"));
      expect(facts).toEqual([
        "home:/home/agent",
        "path:/intentc/bin:/usr/local/bin:/usr/bin:/bin",
        "key:ok",
        "undeclared:absent",
        "home:writable",
        `home-entries:${name === "codex" ? ".codex " : ""}`,
        "settings:present",
        ...(name === "codex" ? ["codexconf:present"] : []),
        "stdin:1",
      ]);
      expect(r.evidence.agent).toEqual({
        name: "scripted-agent",
        command: [name, ...getProfile(name)!.args("feature")],
        profile: name,
        env: ["TEST_KEY"],
      });
      expect(r.evidence.agentOutput?.[0].stdout.tail).toBe("leaking [redacted:TEST_KEY]");
      expect(r.evidence.untrusted.notes).toBe("[redacted:TEST_KEY]\n");
      // The value is in no file intentc wrote (run dir, evidence, agent output, worktree).
      for (const file of allFiles(r.runDir))
        expect(readFileSync(file).includes(SECRET), file).toBe(false);
      rmSync(bin, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    });
  }
});
