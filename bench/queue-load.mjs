/**
 * Load test of the slice queue (not part of `npm test`):
 *   node bench/queue-load.mjs [--runs 200] [--workers 1,2,4] [--kill-at 4] [--baseline 200]
 *                             [--backend redis|local] [--unsafe-no-sandbox]
 * Enqueues --runs runs of a scripted agent and drains them with W workers (separate processes,
 * `intentc worker --drain`), for each W in --workers; with W == --kill-at one worker is SIGKILL'd
 * once a quarter of the runs are done. Then checks every run ended with evidence, published once
 * (one run ref and one job ref per job, no run twice), and reports runs/min, against --baseline
 * runs of `intentc run` in a loop. Runs are sandboxed (bubblewrap) unless --unsafe-no-sandbox.
 * With --backend redis (the default when redis-server is on PATH) a redis-server is started on a
 * free loopback port. Needs dist/ (npm run build:ts) and bullmq + ioredis for the Redis backend.
 */
import { spawn, spawnSync, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { createServer, connect } from "node:net";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { randomBytes } from "node:crypto";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const INTENTC = join(REPO, "bin/intentc.js");
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : def;
};
const onPath = (n) => (process.env.PATH ?? "").split(":").some((d) => d && existsSync(join(d, n)));
const RUNS = Number(opt("runs", "200"));
const WORKERS = opt("workers", "1,2,4").split(",").map(Number);
const KILL_AT = Number(opt("kill-at", "4"));
const BASELINE = Number(opt("baseline", String(RUNS)));
const BACKEND = opt("backend", onPath("redis-server") ? "redis" : "local");
const UNSAFE = args.includes("--unsafe-no-sandbox");
const log = (s) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`);

const SYSTEM = `intent: 1\nsystem: tiny\nversion: 1.0.0\ngates:\n  lint: { stage: static, command: [sh, checks/lint.sh] }\n  test: { stage: test, command: [sh, checks/test.sh] }\nrisk:\n  tiers:\n    standard: { approvals: 1, retries: 2, gates: [test, lint] }\n`;
const DOMAIN = `intent: 1\ndomain: feature\nversion: 1.0.0\nrisk: standard\ntypes:\n  Count: { type: integer, minimum: 0 }\nentities:\n  Counter:\n    key: id\n    fields: { id: string, value: Count }\napi:\n  CounterApi:\n    operations:\n      get: { input: { id: string }, output: Counter, errors: [NotFound] }\nslices:\n  feature:\n    says: Implement the counter behind CounterApi\n    implements: [CounterApi]\n    writes: ["src/feature/**"]\n    tools: [read, edit, test]\n    network: []\n`;

const git = (cwd, ...a) =>
  execFileSync("git", a, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" },
  });
function write(root, rel, text) {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
}

/** A governed repo (intent, packs, gates, a scripted agent) with a bare `origin`. */
async function makeRepo(root) {
  const repo = join(root, "repo");
  write(repo, "intent/system.intent.yaml", SYSTEM);
  write(repo, "intent/feature.intent.yaml", DOMAIN);
  write(repo, "checks/lint.sh", "! grep -rq FORBIDDEN src/feature 2>/dev/null\n");
  write(repo, "checks/test.sh", "test -f src/feature/ok.txt\n");
  write(repo, "src/feature/.keep", "");
  write(repo, ".gitignore", "node_modules/\n.intentc/\n");
  write(
    repo,
    "agents/agent.sh",
    'printf "%s\\n" "$1" > src/feature/task.txt\necho ok > src/feature/ok.txt\necho "did $1" > "$INTENTC_OUT/notes.md"\n',
  );
  const { createNodeHost } = await import(join(REPO, "dist/compiler/host.js"));
  const { compile } = await import(join(REPO, "dist/compiler/program.js"));
  const { slicePacksEmitter } = await import(join(REPO, "dist/compiler/emit/slice-packs.js"));
  const r = compile(createNodeHost(repo), { dir: "intent" });
  for (const [path, text] of slicePacksEmitter.emit(r.program, { report: () => {}, options: {} }))
    write(repo, `generated/${path}`, text);
  git(repo, "init", "-q", "-b", "main");
  git(repo, "add", "-A");
  git(
    repo,
    "-c",
    "user.email=b@example.com",
    "-c",
    "user.name=bench",
    "commit",
    "-q",
    "-m",
    "base",
  );
  git(root, "clone", "-q", "--bare", repo, join(root, "remote.git"));
  git(repo, "remote", "add", "origin", join(root, "remote.git"));
  return repo;
}

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
}
const accepting = (port) =>
  new Promise((r) => {
    const c = connect(port, "127.0.0.1");
    c.once("connect", () => (c.end(), r(true)));
    c.once("error", () => r(false));
  });

async function startRedis(dir) {
  const port = await freePort();
  const proc = spawn(
    "redis-server",
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      dir,
      "--appendonly",
      "yes",
      "--save",
      "",
    ],
    { stdio: "ignore" },
  );
  while (!(await accepting(port))) await new Promise((r) => setTimeout(r, 50));
  return { url: `redis://127.0.0.1:${port}`, stop: () => proc.kill("SIGKILL") };
}

/** Enqueue `n` jobs directly through the queue module (what `intentc queue add` does, minus n compiles). */
async function enqueue(repo, n, env) {
  Object.assign(process.env, env);
  const { openQueue } = await import(join(REPO, "dist/compiler/fleet/open.js"));
  const base = git(repo, "rev-parse", "HEAD").trim();
  const q = await openQueue(repo);
  for (let i = 0; i < n; i++) {
    await q.add(`job-bench-${i}`, {
      slice: "feature",
      base,
      agent: ["sh", "agents/agent.sh", `task ${i}`],
      unsafeNoSandbox: UNSAFE,
      timeBudgetSeconds: 600,
      maxAttempts: 3,
      nonce: randomBytes(8).toString("hex"),
      remote: "origin",
    });
  }
  return q;
}

const exited = (c) =>
  new Promise((r) =>
    c.exitCode !== null ? r(c.exitCode) : c.on("exit", (code, sig) => r(code ?? sig)),
  );

async function drainWith(repo, q, workers, env) {
  const start = performance.now();
  const procs = Array.from({ length: workers }, () =>
    spawn(process.execPath, [INTENTC, "worker", "--drain"], {
      cwd: repo,
      env: { ...process.env, ...env },
      stdio: ["ignore", "ignore", "pipe"],
    }),
  );
  const errs = procs.map(() => "");
  procs.forEach((p, i) => p.stderr.on("data", (d) => (errs[i] = (errs[i] + d).slice(-4000))));
  let killed;
  if (workers === KILL_AT) {
    // SIGKILL one worker once a quarter of the runs are done (its running job must be recovered).
    const victim = procs[workers - 1];
    for (;;) {
      const done = (await q.list()).filter((e) => e.outcome).length;
      if (done >= RUNS / 4 || victim.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    victim.kill("SIGKILL");
    killed = victim.pid;
    log(`  killed worker ${killed}`);
  }
  const codes = await Promise.all(procs.map(exited));
  const seconds = (performance.now() - start) / 1000;
  codes.forEach((c, i) => {
    if (procs[i].pid !== killed && c !== 0) log(`  worker ${procs[i].pid} exited ${c}: ${errs[i]}`);
  });
  return { seconds, killed };
}

function verify(remote, entries) {
  const runs = git(remote, "for-each-ref", "--format=%(refname)", "refs/intentc/runs/")
    .split("\n")
    .filter(Boolean);
  const jobs = git(remote, "for-each-ref", "--format=%(refname)", "refs/intentc/jobs/")
    .split("\n")
    .filter(Boolean);
  const ids = entries.map((e) => e.outcome?.runId).filter(Boolean);
  const withEvidence = entries.filter(
    (e) => e.outcome && runs.includes(`refs/intentc/runs/${e.outcome.runId}`),
  ).length;
  return {
    ended: entries.filter((e) => e.state === "awaiting review").length,
    failed: entries.filter((e) => e.state === "failed").length,
    distinctRuns: new Set(ids).size,
    runRefs: runs.length,
    jobRefs: jobs.length,
    withEvidence,
    retried: entries.filter((e) => e.attempts > 1).length,
  };
}

const results = [];
const root = mkdtempSync(join(tmpdir(), "intentc-queue-load-"));
let redis;
try {
  if (BACKEND === "redis") redis = await startRedis(root);
  log(
    `backend ${BACKEND}, ${RUNS} runs, workers ${WORKERS.join("/")}, ${cpus().length} cores, sandbox ${UNSAFE ? "none" : "bwrap"}`,
  );
  for (const w of WORKERS) {
    const dir = mkdtempSync(join(root, `w${w}-`));
    const repo = await makeRepo(dir);
    const env = {
      INTENTC_QUEUE_LOCK_MS: "5000",
      REDIS_URL: redis?.url ?? "",
      INTENTC_QUEUE_PREFIX: `bench-${w}-${process.pid}`,
    };
    const q = await enqueue(repo, RUNS, env);
    log(`${w} worker(s): ${RUNS} queued`);
    const { seconds, killed } = await drainWith(repo, q, w, env);
    const v = verify(join(dir, "remote.git"), await q.list());
    await q.close();
    results.push({
      mode: `queue, ${w} worker(s)${killed ? ", one SIGKILL'd" : ""}`,
      runs: RUNS,
      seconds,
      ...v,
    });
    log(`  ${(RUNS / (seconds / 60)).toFixed(1)} runs/min ${JSON.stringify(v)}`);
  }
  if (BASELINE > 0) {
    const dir = mkdtempSync(join(root, "loop-"));
    const repo = await makeRepo(dir);
    log(`intentc run in a loop: ${BASELINE} runs`);
    const start = performance.now();
    let ok = 0;
    for (let i = 0; i < BASELINE; i++) {
      const r = spawnSync(
        process.execPath,
        [
          INTENTC,
          "run",
          "feature",
          ...(UNSAFE ? ["--unsafe-no-sandbox"] : []),
          "--",
          "sh",
          "agents/agent.sh",
          `task ${i}`,
        ],
        { cwd: repo, stdio: "ignore", env: { ...process.env, REDIS_URL: "" } },
      );
      if (r.status === 0) ok++;
    }
    const seconds = (performance.now() - start) / 1000;
    results.push({ mode: "intentc run in a loop", runs: BASELINE, seconds, ended: ok });
    log(`  ${(BASELINE / (seconds / 60)).toFixed(1)} runs/min`);
  }
} finally {
  redis?.stop();
  rmSync(root, { recursive: true, force: true });
}
const rows = results.map(
  (r) =>
    `| ${r.mode} | ${r.runs} | ${r.seconds.toFixed(1)} | ${(r.runs / (r.seconds / 60)).toFixed(1)} | ${r.ended} | ${r.withEvidence ?? r.ended} | ${r.distinctRuns ?? "—"} | ${r.runRefs ?? "—"} | ${r.jobRefs ?? "—"} | ${r.retried ?? "—"} |`,
);
process.stdout.write(
  `Backend ${BACKEND}, ${cpus().length} cores, sandbox ${UNSAFE ? "none" : "bubblewrap"}\n\n| mode | runs | seconds | runs/min | passed | with evidence | distinct runs | run refs | job refs | retried |\n|---|---|---|---|---|---|---|---|---|---|\n${rows.join("\n")}\n`,
);
