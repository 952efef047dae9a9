#!/usr/bin/env node
// Explorer benchmark: time to find the DieHard violation (BFS, minimal trace), the bank bug,
// throughput in distinct states per second on a large space, and the example's exploration time.
// Run after `npm run build:ts`:  node bench/explore.mjs [--runs 20] [--budget 200000]
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
  console.log(`${label}: violation found in ${fmt(median(times))} median of ${RUNS} (min ${fmt(Math.min(...times))}), trace ${steps} steps`);
}

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
console.log(`example (${machinesOf(shop).length} machines, budget ${BUDGET}, no simulation): ${fmt(total)}`);
let build = 0;
for (const m of machinesOf(shop)) {
  const t0 = now();
  exploreMachine(shop, m, { budget: 20_000 });
  build += now() - t0;
}
console.log(`example at the build budget (20000 states + simulation): ${fmt(build)}`);
