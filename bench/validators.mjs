/**
 * The validators row of `npm run bench` on its own: builds one corpus (bench/corpus.mjs) with the
 * CLI in dist/, then runs bench/validators-worker.mjs in turns, each in its own process: the
 * generated validators, ajv compiled at run time (native RegExp) with its defaults plus allErrors
 * (every issue reported, as the generated validators do; the bench
 * row's peer) and with the contracts' options (`ajv-own`: ownProperties, unicodeRegExp), and ajv
 * standalone code as a validators.js would hold it (`standalone`, bench/ajv-standalone.mjs).
 *   node bench/validators.mjs [--size 1000] [--runs 5] [--iterations 200000] [--mix all|valid|invalid]
 *                             [--dir DIR (kept: the corpus is written there once, rebuilt each run)]
 * Prints per-mode medians of validations per wall second and per main-thread CPU second, and the
 * ratios to ajv (above 1× favours the mode): of the wall medians (what the bench row reports), of
 * the CPU medians, and the medians of the rounds' paired ratios (main-thread CPU, wall, and CPU of
 * all threads, which counts the JIT compiling on its helper threads).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeCorpus } from "./corpus.mjs";
import { fmtRatio, median } from "./measure.mjs";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : def;
};
const size = Number(opt("size", "1000"));
const runs = Number(opt("runs", "5"));
const iterations = opt("iterations", "200000");
const mix = opt("mix", "all");
const given = opt("dir", undefined);
const log = (s) => process.stderr.write(`${s}\n`);

function run(argv, cwd) {
  const r = spawnSync(process.execPath, argv, { cwd, encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`node ${argv.join(" ")} exited ${r.status}:\n${r.stderr}`);
  return r.stdout;
}

const scratch =
  given === undefined ? mkdtempSync(join(tmpdir(), "intentc-bench-validators-")) : undefined;
try {
  const dir = given ?? join(scratch, `corpus-${size}`);
  if (!existsSync(join(dir, "intent"))) {
    writeCorpus(dir, { entities: size, seed: 1 });
    mkdirSync(join(dir, "node_modules"), { recursive: true });
    symlinkSync(REPO, join(dir, "node_modules/intentc"));
    mkdirSync(join(dir, "node_modules/@intentc"), { recursive: true });
    symlinkSync(join(REPO, "runtime"), join(dir, "node_modules/@intentc/runtime"));
  }
  log(`bench: building the ${size}-entity corpus in ${dir}`);
  run([join(REPO, "bin/intentc.js"), "build", "--explore-budget", "0"], dir);
  const worker = join(REPO, "bench/validators-worker.mjs");
  const modes = ["generated", "ajv", "ajv-own", "standalone"];
  const results = Object.fromEntries(modes.map((m) => [m, []]));
  for (let i = 0; i < runs; i++) {
    for (const mode of modes) {
      const out = run([worker, dir, mode, iterations, mix], dir);
      results[mode].push(JSON.parse(out.trim().split("\n").pop()));
    }
  }
  const wall = (m) => median(results[m].map((x) => x.perSecond));
  const cpu = (m) => median(results[m].map((x) => x.perMainCpuSecond));
  const setup = (m) => median(results[m].map((x) => x.setupMs));
  const fmt = (n) => `${Math.round(n).toLocaleString("en")}/s`;
  // Each run of a mode is paired with the ajv run of the same round (nearby in time, so the same
  // machine state): the median of the pairs' ratios is steadier than the ratio of medians.
  const pair = (m, key) => median(results[m].map((x, i) => x[key] / results.ajv[i][key]));
  const lines = [
    `validators (${results.generated[0].records} record types, mix ${mix}, ${iterations} validations, median of ${runs})`,
  ];
  for (const m of modes) {
    const ratio =
      m === "ajv"
        ? ""
        : `; / ajv: ${fmtRatio(wall(m), wall("ajv"))} wall (the bench row), ${fmtRatio(cpu(m), cpu("ajv"))} cpu, pairs ${pair(m, "perMainCpuSecond").toFixed(2)}× cpu ${pair(m, "perSecond").toFixed(2)}× wall, ${pair(m, "perCpuSecond").toFixed(2)}× all-thread cpu`;
    lines.push(
      `  ${m.padEnd(10)} ${fmt(wall(m))} wall, ${fmt(cpu(m))} main-thread cpu, setup ${setup(m).toFixed(0)} ms${ratio}`,
    );
  }
  process.stdout.write(`${lines.join("\n")}\n`);
} finally {
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
}
