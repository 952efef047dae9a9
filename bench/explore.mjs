#!/usr/bin/env node
// Explorer benchmark: time to find the DieHard violation (BFS, minimal trace), the bank bug,
// throughput in distinct states per second on a large space, and the example's exploration time;
// then spaces of about 10^6 states (bench/specs), each search in its own process: distinct states
// per CPU second and bytes per state (peak RSS minus RSS before the search, over distinct states),
// against another build of the explorer (--baseline, e.g. main's dist/ copied aside) and against
// Quint's simulator on the same specs (--quint; bench/peers must be installed); then flows
// explored as one system (bench/explore-flow.mjs), distinct states per CPU second.
// Run after `npm run build:ts`:
//   node bench/explore.mjs [--runs 20] [--budget 200000] [--large-runs 3] [--baseline DIR]
//                          [--quint] [--only-large] [--skip-large]
//                          [--spec counters4|bank4|OrderLifecycle|bank6-flow]
// A baseline DIR is a dist/ folder (compiler/, runtime/) whose bare imports resolve, e.g.
//   mkdir /tmp/base && cp -r dist /tmp/base/ && ln -s "$PWD/node_modules" /tmp/base/node_modules
// and then --baseline /tmp/base/dist.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { createNodeHost } from "../dist/compiler/host.js";
import { compile } from "../dist/compiler/program.js";
import { exploreMachine, machinesOf } from "../dist/compiler/explore/index.js";

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const RUNS = arg("--runs", 20);
const BUDGET = arg("--budget", 200_000);
const LARGE_RUNS = arg("--large-runs", 3);
const flag = (name) => process.argv.includes(name);
const textArg = (name) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const now = () => performance.now();

function load(dir) {
  const r = compile(createNodeHost(dir), { dir: "intent" });
  if (!r.program) throw new Error(`cannot compile ${dir}`);
  return r.program;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(0)) + " ms";

function bug(dir, label) {
  const program = load(dir);
  const m = machinesOf(program)[0];
  const times = [];
  let steps = -1;
  for (let i = 0; i < RUNS; i++) {
    const t0 = now();
    const x = exploreMachine(program, m, { now });
    times.push(now() - t0);
    const f = x.result.findings.find((g) => g.kind === "invariant-violated");
    steps = f ? f.trace.steps.length : -1;
  }
  console.log(
    `${label}: violation found in ${fmt(median(times))} median of ${RUNS} (min ${fmt(Math.min(...times))}), trace ${steps} steps`,
  );
}

function small() {
  bug("test/fixtures/explore/diehard", "DieHard (3/5 jugs, big != 4)");
  bug("test/fixtures/explore/bank", "Bank transfer guard bug");

  const shop = load(".");
  let total = 0;
  for (const m of machinesOf(shop)) {
    const t0 = now();
    const x = exploreMachine(shop, m, { budget: BUDGET, now, simulate: false });
    const ms = now() - t0;
    total += ms;
    const s = x.result.stats;
    const errors = x.diagnostics.filter((d) => d.severity === "error").length;
    console.log(
      `${x.result.machine}: ${s.distinct} distinct, ${s.generated} generated, depth ${s.depth}, ` +
        `${fmt(ms)}, ${Math.round((s.distinct / ms) * 1000)} distinct/s, ${Math.round((s.generated / ms) * 1000)} generated/s, ` +
        `${s.completeness ?? (s.complete ? "complete" : "budget reached")}, ${errors} errors`,
    );
  }
  console.log(
    `example (${machinesOf(shop).length} machines, budget ${BUDGET}, no simulation): ${fmt(total)}`,
  );
  let build = 0;
  for (const m of machinesOf(shop)) {
    const t0 = now();
    exploreMachine(shop, m, { budget: 20_000 });
    build += now() - t0;
  }
  console.log(`example at the build budget (20000 states + simulation): ${fmt(build)}`);
}

/** The spaces of about 10^6 states: spec folder, machine, budget, depth. */
const LARGE = [
  {
    name: "counters4 (4 counters 0..31, no payloads)",
    dir: "bench/specs/counters4",
    machine: "Tally",
    budget: 2_000_000,
    depth: 1000,
    quint: { file: "bench/specs/counters4/counters4.qnt", invariant: "InRange" },
  },
  {
    name: "bank4 (4 accounts, transfers of 1..3)",
    dir: "bench/specs/bank4",
    machine: "Transfers",
    budget: 2_000_000,
    depth: 1000,
    quint: { file: "bench/specs/bank4/bank4.qnt", invariant: "Inv" },
  },
  {
    name: "OrderLifecycle (example), 1 M budget",
    dir: ".",
    machine: "OrderLifecycle",
    budget: 1_000_000,
    depth: 50,
  },
];

/** Flows explored as one system (composed machines), each search in its own process. */
const FLOWS = [
  {
    name: "bank6-flow (6 accounts 0..8 composed, transfers of 1..2 conserving 18)",
    dir: "bench/specs/bank6-flow",
    flow: "transfer",
    budget: 2_000_000,
    depth: 100,
  },
];

/** One search in its own process (bench/explore-one.mjs, or explore-flow.mjs for a flow). */
function searchOnce(dist, spec, keys) {
  const args =
    spec.flow !== undefined
      ? ["bench/explore-flow.mjs", dist, spec.dir, spec.flow]
      : ["bench/explore-one.mjs", dist, spec.dir, spec.machine];
  const out = execFileSync(
    process.execPath,
    [...args, String(spec.budget), String(spec.depth), ...(spec.flow ? [] : [keys])],
    { encoding: "utf8", maxBuffer: 1 << 24 },
  );
  return JSON.parse(out.trim().split("\n").at(-1));
}

/**
 * `LARGE_RUNS` runs of each variant, interleaved (the machine's load changes over minutes), and
 * for each variant its median run by CPU time.
 */
function searchVariants(spec, variants) {
  const runs = variants.map(() => []);
  for (let k = 0; k < LARGE_RUNS; k++)
    variants.forEach(([dist, keys], v) => runs[v].push(searchOnce(dist, spec, keys)));
  return runs.map((rs) => {
    rs.sort((a, b) => a.cpuMs - b.cpuMs);
    const r = rs[Math.floor(rs.length / 2)];
    return {
      ...r,
      perCpuSecond: (r.distinct / r.cpuMs) * 1000,
      bytesPerState: (r.peakRss - r.baseRss) / r.distinct,
    };
  });
}

const int = (n) => Math.round(n).toLocaleString("en-US");

function large() {
  const baseline = textArg("--baseline");
  console.log(
    `\nSpaces of about 10^6 states, each search in its own process, ${LARGE_RUNS} runs per variant interleaved, median by CPU time:`,
  );
  const only = textArg("--spec");
  for (const spec of LARGE.filter((x) => only === undefined || x.name.startsWith(only))) {
    const row = (label, r) =>
      console.log(
        `  ${label}: ${int(r.distinct)} distinct, ${int(r.generated)} generated, depth ${r.depth}, ${r.completeness}` +
          `${r.fingerprints ? ` (fingerprinted, collision probability ≤ ${r.fingerprints.collisionBound.toPrecision(2)})` : ""}, ` +
          `cpu ${fmt(r.cpuMs)} (wall ${fmt(r.ms)}), ${int(r.perCpuSecond)} distinct/cpu-s, ${int((r.generated / r.cpuMs) * 1000)} generated/cpu-s, ` +
          `${int(r.bytesPerState)} bytes/state (peak RSS ${int(r.peakRss / 2 ** 20)} MB)`,
      );
    console.log(`${spec.name}:`);
    const variants = [
      ["dist", "exact"],
      ["dist", "fingerprint"],
      ...(baseline !== undefined ? [[baseline, "default"]] : []),
    ];
    const [exact, printed, base] = searchVariants(spec, variants);
    row("this explorer, whole keys", exact);
    row("this explorer, fingerprints", printed);
    if (base !== undefined) {
      row("baseline explorer", base);
      const ratio = (a, b) => (a / b).toFixed(2) + "×";
      console.log(
        `  ratios to the baseline: distinct/cpu-s ${ratio(exact.perCpuSecond, base.perCpuSecond)} (fingerprints ${ratio(printed.perCpuSecond, base.perCpuSecond)}), ` +
          `bytes/state ${ratio(exact.bytesPerState, base.bytesPerState)} (fingerprints ${ratio(printed.bytesPerState, base.bytesPerState)})`,
      );
    }
    if (flag("--quint") && spec.quint !== undefined) quintRow(spec, exact);
  }
  for (const spec of FLOWS.filter((x) => only === undefined || x.name.startsWith(only))) {
    console.log(`${spec.name}:`);
    const variants = [
      ["dist", "default"],
      ...(baseline !== undefined ? [[baseline, "default"]] : []),
    ];
    const [mine, base] = searchVariants(spec, variants);
    const row = (label, r) =>
      console.log(
        `  ${label}: ${int(r.distinct)} distinct, ${int(r.generated)} generated, depth ${r.depth}, ${r.completeness}, ` +
          `cpu ${fmt(r.cpuMs)} (wall ${fmt(r.ms)}), ${int(r.perCpuSecond)} distinct/cpu-s, ${int((r.generated / r.cpuMs) * 1000)} generated/cpu-s`,
      );
    row("this explorer", mine);
    if (base !== undefined) {
      row("baseline explorer", base);
      console.log(
        `  ratio to the baseline: distinct/cpu-s ${(mine.perCpuSecond / base.perCpuSecond).toFixed(2)}×`,
      );
    }
  }
}

/**
 * Quint's simulator (`quint run`, TypeScript backend) on the same spec: random traces, so what it
 * reports is states visited per second with repeats, not distinct states, and it proves nothing
 * exhaustive. Quint's exhaustive paths (Apalache for `quint verify`, the Rust evaluator) download
 * their binaries at run time, which this machine cannot.
 */
function quintRow(spec, exact) {
  const cli = "bench/peers/node_modules/@informalsystems/quint/dist/src/cli.js";
  if (!existsSync(cli)) {
    console.log("  quint: not installed (npm ci --prefix bench/peers)");
    return;
  }
  const samples = 300;
  const steps = 100;
  const t0 = now();
  const out = execFileSync(
    process.execPath,
    [
      cli,
      "run",
      "--backend=typescript",
      `--invariant=${spec.quint.invariant}`,
      `--max-samples=${samples}`,
      `--max-steps=${steps}`,
      "--seed=1",
      spec.quint.file,
    ],
    { encoding: "utf8" },
  );
  const wall = now() - t0;
  const m = out.match(/No violation found \((\d+)ms/);
  const ms = m ? Number(m[1]) : wall;
  const visited = samples * (steps + 1);
  const rate = (visited / ms) * 1000;
  console.log(
    `  quint run (typescript simulator, ${samples} traces of ${steps} steps, seed 1): ${int(visited)} states visited (with repeats) in ${fmt(ms)} (its own timing), ` +
      `${int(rate)} visited/s; this explorer: ${int((exact.generated / exact.cpuMs) * 1000)} generated/cpu-s (${(((exact.generated / exact.cpuMs) * 1000) / rate).toFixed(0)}×), ` +
      `and it enumerates all ${int(exact.distinct)} states`,
  );
}

if (!flag("--only-large")) small();
if (!flag("--skip-large")) large();
