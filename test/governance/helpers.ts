/** Test repos for the governance runtime: a tiny intent, its packs, gate scripts and scripted agents. */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createNodeHost } from "../../compiler/host.js";
import { compile } from "../../compiler/program.js";
import { slicePacksEmitter } from "../../compiler/emit/slice-packs.js";
import { takeManifest, manifestFingerprint } from "../../compiler/governance/manifest.js";
import Ajv2020Module from "ajv/dist/2020.js";
import type { Options, ValidateFunction } from "ajv";

const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ??
  Ajv2020Module) as unknown as new (o: Options) => { compile(s: object): ValidateFunction };

/** Compile a schema with ajv (strict mode) and return a validator listing its errors. */
export function validator(schema: object): (v: unknown) => string[] {
  const f = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
  return (v) => (f(v) ? [] : (f.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
}

const SYSTEM = `intent: 1
system: tiny
version: 1.0.0
gates:
  lint: { stage: static, command: [sh, checks/lint.sh] }
  test: { stage: test, command: [sh, checks/test.sh] }
risk:
  tiers:
    standard: { approvals: 1, retries: 2, gates: [test, lint] }
`;

const DOMAIN = `intent: 1
domain: feature
version: 1.0.0
risk: standard
types:
  Count: { type: integer, minimum: 0 }
entities:
  Counter:
    key: id
    fields: { id: string, value: Count }
invariants:
  CNT-1:
    on: Counter
    says: A counter never goes below zero
    holds: "value >= 0"
    severity: critical
api:
  CounterApi:
    operations:
      get: { input: { id: string }, output: Counter, errors: [NotFound] }
slices:
  feature:
    says: Implement the counter behind CounterApi
    implements: [CounterApi, Counter]
    writes: ["src/feature/**"]
    reads: ["src/shared/**"]
    tools: [read, edit, test]
    network: []
  other:
    says: Someone else's slice
    implements: [Counter]
    writes: ["src/other/**"]
`;

/** Scripted agents: shell scripts standing in for a model. */
export const AGENTS: Record<string, string> = {
  "good.sh":
    'echo ok > src/feature/ok.txt\necho "implemented ok.txt" > "$INTENTC_OUT/notes.md"\nprintf "path: src/shared/util.ts\\nreason: need a helper\\n" > "$INTENTC_OUT/scope-request.md"\nprintf "agent says \\033[31mhi\\033[0m\\007\\n"\necho "agent warns" >&2\n',
  "outside.sh":
    "echo pwned > src/other/x.txt\necho pwned > README.md\necho pwned > src/shared/util.ts\necho pwned > .git/HEAD\necho pwned >> intent/feature.intent.yaml\nmkdir -p scripts && echo 'rm -rf /' > scripts/evil.sh\necho ok > src/feature/ok.txt\nexit 0\n",
  "symlink.sh": "ln -s /etc/passwd src/feature/passwd\necho ok > src/feature/ok.txt\n",
  "gitignore.sh":
    'printf "secret.txt\\n" > src/feature/.gitignore\necho hidden > src/feature/secret.txt\necho ok > src/feature/ok.txt\n',
  "mount.sh":
    "mount -o remount,rw /repo 2>/dev/null; echo $? > src/feature/mount.rc\necho pwned > /repo/README.md\necho ok > src/feature/ok.txt\n",
  "net.sh": `node -e 'const s=require("net").connect(80,"93.184.216.34");s.on("connect",()=>{require("fs").writeFileSync("src/feature/net.txt","connected");process.exit(0)});s.on("error",e=>{require("fs").writeFileSync("src/feature/net.txt",String(e.code));process.exit(0)})'\necho ok > src/feature/ok.txt\n`,
  "fail.sh":
    'echo "attempt $INTENTC_ATTEMPT" >> src/feature/attempts.log\nhead -c 200 "$INTENTC_FEEDBACK" >> src/feature/attempts.log\necho >> src/feature/attempts.log\n',
  "fifo.sh": "mkfifo src/feature/pipe\necho ok > src/feature/ok.txt\n",
};

/** Plain git for test setup (the code under test only uses hardened git). */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" },
  });
}

function write(root: string, rel: string, text: string, mode = 0o644): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
  chmodSync(join(root, rel), mode);
}

/** A committed temp repo with intent, generated slice packs, gate scripts and agents. */
export function makeRepo(): string {
  const repo = mkdtempSync(join(tmpdir(), "intentc-gov-"));
  write(repo, "intent/system.intent.yaml", SYSTEM);
  write(repo, "intent/feature.intent.yaml", DOMAIN);
  write(repo, "checks/lint.sh", "! grep -rq FORBIDDEN src/feature 2>/dev/null\n");
  // The test gate stands in for a generated model-based suite: it forwards a suite report the
  // scripted agent left (intentc/testing writes the same lines; see test/testing/suite-report.test.ts).
  write(
    repo,
    "checks/test.sh",
    'test -f src/feature/ok.txt || exit 1\nif [ -f src/feature/suite-report.jsonl ] && [ -n "$INTENTC_SUITE_REPORT" ]; then cat src/feature/suite-report.jsonl >> "$INTENTC_SUITE_REPORT"; fi\n',
  );
  write(repo, "README.md", "# tiny\n");
  write(repo, "src/shared/util.ts", "export const x = 1;\n");
  write(repo, "src/other/keep.txt", "other slice\n");
  write(repo, "src/feature/.keep", "");
  write(repo, ".gitignore", "node_modules/\n.intentc/\n");
  for (const [name, text] of Object.entries(AGENTS)) write(repo, `agents/${name}`, text);
  const r = compile(createNodeHost(repo), { dir: "intent" });
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (r.program === undefined || errors.length > 0)
    throw new Error(
      `fixture intent does not compile: ${errors.map((d) => `${d.code} ${d.message}`).join("; ")}`,
    );
  for (const [path, text] of slicePacksEmitter.emit(r.program, { report: () => {}, options: {} }))
    write(repo, `generated/${path}`, text);
  git(repo, "init", "-q", "-b", "main");
  git(repo, "config", "user.email", "t@example.com");
  git(repo, "config", "user.name", "tester");
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "-m", "base");
  return repo;
}

/** Fingerprint of a tree (type, mode, size, blob id of every entry), skipping `skip`. */
export function fingerprint(
  root: string,
  skip: (rel: string) => boolean = (r) => r === ".intentc",
): string {
  return manifestFingerprint(takeManifest(root, { skip }));
}

/** Fingerprint of the worktree outside the slice's write root. */
export function outsideSlice(worktree: string): string {
  return fingerprint(worktree, (r) => r === "src/feature" || r === ".git" || r === "node_modules");
}
