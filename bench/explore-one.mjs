#!/usr/bin/env node
// One exploration in its own process, for bench/explore.mjs: compiles SPEC_DIR/intent with the
// explorer built in DIST, explores MACHINE without simulation, and prints one JSON line: distinct
// and generated states, depth, verdict, wall and CPU time of the search, and the process's
// resident memory before the search (after compiling) and at its peak.
//   node bench/explore-one.mjs DIST SPEC_DIR MACHINE BUDGET DEPTH [exact|fingerprint]
import { performance } from "node:perf_hooks";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [dist, dir, machine, budget, depth, keys] = process.argv.slice(2);
const load = (p) => import(pathToFileURL(resolve(dist, p)).href);
const { createNodeHost } = await load("compiler/host.js");
const { compile } = await load("compiler/program.js");
const { exploreMachine, machinesOf } = await load("compiler/explore/index.js");

const r = compile(createNodeHost(resolve(dir)), { dir: "intent" });
if (r.program === undefined) throw new Error(`cannot compile ${dir}`);
const m = machinesOf(r.program, machine)[0];
if (m === undefined) throw new Error(`no machine ${machine} in ${dir}`);
const baseRss = process.memoryUsage().rss;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const opts = {
  budget: Number(budget),
  depth: Number(depth),
  simulate: false,
  now: () => performance.now(),
};
// An explorer without the option ignores it (and keeps whole keys).
if (keys === "fingerprint" || keys === "exact") opts.fingerprint = keys === "fingerprint";
const x = exploreMachine(r.program, m, opts);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const s = x.result.stats;
console.log(
  JSON.stringify({
    distinct: s.distinct,
    generated: s.generated,
    depth: s.depth,
    completeness: s.completeness,
    fingerprints: s.fingerprints ?? null,
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    baseRss,
    peakRss: process.resourceUsage().maxRSS * 1024,
  }),
);
