#!/usr/bin/env node
// One flow explored as a system in its own process, for bench/explore.mjs: compiles SPEC_DIR/intent
// with the explorer built in DIST, explores flow FLOW without simulation, and prints one JSON line
// like bench/explore-one.mjs (distinct and generated states, depth, verdict, wall and CPU time of
// the search, resident memory before it and at its peak).
//   node bench/explore-flow.mjs DIST SPEC_DIR FLOW BUDGET DEPTH
import { performance } from "node:perf_hooks";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [dist, dir, flow, budget, depth] = process.argv.slice(2);
const load = (p) => import(pathToFileURL(resolve(dist, p)).href);
const { createNodeHost } = await load("compiler/host.js");
const { compile } = await load("compiler/program.js");
const { exploreFlow, systemFlows } = await load("compiler/explore/index.js");

const r = compile(createNodeHost(resolve(dir)), { dir: "intent" });
if (r.program === undefined) throw new Error(`cannot compile ${dir}`);
const f = systemFlows(r.program, flow)[0];
if (f === undefined) throw new Error(`no flow ${flow} in ${dir}`);
const baseRss = process.memoryUsage().rss;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const x = exploreFlow(r.program, f, {
  budget: Number(budget),
  depth: Number(depth),
  simulate: false,
  now: () => performance.now(),
});
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const s = x.result.stats;
console.log(
  JSON.stringify({
    distinct: s.distinct,
    generated: s.generated,
    depth: s.depth,
    completeness: s.completeness,
    findings: x.result.findings.length,
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    baseRss,
    peakRss: process.resourceUsage().maxRSS * 1024,
  }),
);
