/**
 * Before/after: intentc's own rows of `npm run bench`, this checkout against a baseline checkout
 * (another commit with its own built dist/), measured in turns (base, new, base, new, …) so both
 * see the machine in the same state.
 *   node bench/compare.mjs --baseline <checkout> [--sizes 100,1000] [--cold-sizes 5000]
 *                          [--runs 5] [--cold-runs 2] [--out <file.md>]
 * Each side builds its own copy of the same corpus (bench/corpus.mjs, seed 1), so no-op and
 * one-file-changed rebuilds see their own cache. Validators: each side's worker measures the
 * validators its own build generated, ajv (defaults) measured next to them as the common peer.
 * Prints a Markdown table (ratios above 1× mean the new checkout is slower) and writes --out.
 */
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { writeCorpus } from "./corpus.mjs";
import { fmtMb, fmtMs, fmtRatio, markdownTable, measure, median, repeatPair } from "./measure.mjs";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : def;
};
const list = (s) => s.split(",").filter(Boolean).map(Number);
const baseline = opt("baseline", undefined);
if (!baseline) {
  process.stderr.write("usage: node bench/compare.mjs --baseline <checkout with built dist/>\n");
  process.exit(2);
}
const BASE = resolve(baseline);
const sizes = list(opt("sizes", "100,1000"));
const coldSizes = list(opt("cold-sizes", ""));
const runs = Number(opt("runs", "5"));
const coldRuns = Number(opt("cold-runs", "2"));
const outFile = opt("out", undefined);
const log = (s) => process.stderr.write(`${s}\n`);

const sides = [
  { name: "before", root: BASE },
  { name: "after", root: REPO },
];
for (const s of sides) {
  s.cli = join(s.root, "bin/intentc.js");
  if (!existsSync(join(s.root, "dist/compiler/cli.js")))
    throw new Error(`${s.root}: dist/compiler/cli.js is missing (run npm run build:ts there)`);
  const help = spawnSync(process.execPath, [s.cli, "check", "--help"], { encoding: "utf8" });
  // The front end alone: `check` explores machines since issue 13 (`--no-explore` skips it).
  s.frontEnd = /--no-explore/.test(help.stdout) ? ["check", "--no-explore"] : ["check"];
  s.commit = spawnSync("git", ["-C", s.root, "rev-parse", "--short", "HEAD"], {
    encoding: "utf8",
  }).stdout.trim();
}

const scratch = mkdtempSync(join(tmpdir(), "intentc-compare-"));
const rows = [];
/** Run `make(side)` for both sides in turns; one table row. */
function pair(what, size, n, make, before = () => () => {}) {
  const [b, a] = repeatPair(n, make(sides[0]), before(sides[0]), make(sides[1]), before(sides[1]));
  // The median of the per-round ratios (each round runs before, then after, back to back): on a
  // machine whose speed drifts between rounds it is steadier than the ratio of the two medians,
  // which is shown in parentheses.
  const paired = (key) => median(a.runs.map((x, i) => x[key] / b.runs[i][key]));
  const ratio = (key) => `${fmtRatio(paired(key), 1)} (${fmtRatio(a[key], b[key])})`;
  rows.push([
    what,
    size,
    fmtMs(b.cpuMs),
    fmtMs(a.cpuMs),
    ratio("cpuMs"),
    fmtMs(b.ms),
    fmtMs(a.ms),
    ratio("ms"),
    fmtMb(b.rssMb),
    fmtMb(a.rssMb),
  ]);
  log(`compare: ${what} ${size}: cpu ${ratio("cpuMs")}, wall ${ratio("ms")}`);
}
function settle() {
  spawnSync("sync");
  spawnSync(process.execPath, ["-e", "setTimeout(() => {}, 1500)"]);
}
let asides = 0;
function aside(path) {
  if (!existsSync(path)) return;
  mkdirSync(join(scratch, "aside"), { recursive: true });
  // Moved, not deleted: see COLD in bench/run.mjs.
  renameSync(path, join(scratch, "aside", String(asides++)));
}
function corpusFor(side, size) {
  const dir = join(scratch, `${side.name}-${size}`);
  const corpus = writeCorpus(dir, { entities: size, seed: 1 });
  mkdirSync(join(dir, "node_modules/@intentc"), { recursive: true });
  symlinkSync(side.root, join(dir, "node_modules/intentc"));
  symlinkSync(join(side.root, "runtime"), join(dir, "node_modules/@intentc/runtime"));
  return { dir, corpus };
}

try {
  const dh = (side) => {
    const dir = join(scratch, `${side.name}-diehard`);
    if (!existsSync(dir))
      cpSync(join(REPO, "test/fixtures/explore/diehard"), dir, { recursive: true });
    return dir;
  };
  settle();
  pair("explore DieHard", "–", Math.max(runs, 9), (s) => {
    const cwd = dh(s);
    return () => measure(s.cli, ["explore", "--machine", "DieHard"], { cwd, expect: 1 });
  });

  let validatorSize;
  for (const size of sizes) {
    for (const s of sides) s.dir = corpusFor(s, size).dir;
    log(`compare: ${size} entities`);
    settle();
    const clean = (s) => () => {
      aside(join(s.dir, "generated"));
      rmSync(join(s.dir, "node_modules/.cache"), { recursive: true, force: true });
    };
    const build = (s) => () => measure(s.cli, ["build"], { cwd: s.dir });
    pair(
      "check (front end only)",
      size,
      runs,
      (s) => () => measure(s.cli, s.frontEnd, { cwd: s.dir }),
    );
    pair("cold build (all emitters)", size, runs, build, clean);
    pair(
      "  cold build, --explore-budget 0",
      size,
      runs,
      (s) => () => measure(s.cli, ["build", "--explore-budget", "0"], { cwd: s.dir }),
      clean,
    );
    for (const s of sides) (clean(s)(), build(s)());
    pair("no-op rebuild", size, Math.max(runs, 9), build);
    const changed = "intent/d0000.intent.yaml";
    const edit = (s) => (i) => {
      const file = join(s.dir, changed);
      const text = readFileSync(file, "utf8");
      writeFileSync(
        file,
        text.replace(/^summary: .*$/m, `summary: Edited ${i} for the benchmark.`),
      );
    };
    pair("one file changed", size, runs, build, edit);
    validatorSize = size;
  }

  if (validatorSize !== undefined) {
    // Each side's validators (as its own build generated them), and ajv on the same schemas.
    const iters = "200000";
    const worker = (s, mode) => () =>
      measure(join(REPO, "bench/validators-worker.mjs"), [s.dir, mode, iters], { cwd: s.dir });
    const rate = (r) =>
      median(r.runs.map((x) => JSON.parse(x.stdout.trim().split("\n").pop()).perSecond));
    const [b, a] = repeatPair(
      runs,
      worker(sides[0], "generated"),
      () => {},
      worker(sides[1], "generated"),
      () => {},
    );
    const [ajv] = repeatPair(runs, worker(sides[1], "ajv"), () => {});
    const fmt = (x) => `${Math.round(x).toLocaleString("en")}/s`;
    rows.push([
      "validators: throughput (validations/s, higher is better)",
      validatorSize,
      fmt(rate(b)),
      fmt(rate(a)),
      fmtRatio(rate(a), rate(b)),
      `ajv ${fmt(rate(ajv))}`,
      `before ${fmtRatio(rate(b), rate(ajv))} of ajv`,
      `after ${fmtRatio(rate(a), rate(ajv))} of ajv`,
      "",
      "",
    ]);
  }

  for (const size of coldSizes) {
    for (const s of sides) s.dir = corpusFor(s, size).dir;
    log(`compare: ${size} entities (cold builds only)`);
    settle();
    pair(
      `cold build (all emitters), ${coldRuns} runs`,
      size,
      coldRuns,
      (s) => () => measure(s.cli, ["build"], { cwd: s.dir }),
      (s) => () => {
        aside(join(s.dir, "generated"));
        rmSync(join(s.dir, "node_modules/.cache"), { recursive: true, force: true });
      },
    );
    for (const s of sides) rmSync(s.dir, { recursive: true, force: true });
  }

  const header = [
    "measurement",
    "entities",
    "before cpu",
    "after cpu",
    "cpu after/before",
    "before wall",
    "after wall",
    "wall after/before",
    "before peak",
    "after peak",
  ];
  const load = readFileSync("/proc/loadavg", "utf8");
  const text = [
    `Before/after (\`node bench/compare.mjs ${args.join(" ")}\`): before = ${sides[0].commit}, after = ${sides[1].commit}; Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, load average at the end ${load.split(" ").slice(0, 3).join(" ")}.`,
    `Medians of ${runs} runs per side in turns (DieHard and no-op: ${Math.max(runs, 9)}; the cold-only sizes: ${coldRuns}); cpu is user + system of the process. Ratios: the median of the per-round ratios (each round runs before, then after), and in parentheses the ratio of the two medians. Front end: before \`${sides[0].frontEnd.join(" ")}\`, after \`${sides[1].frontEnd.join(" ")}\`.`,
    "",
    markdownTable(header, rows),
    "",
  ].join("\n");
  process.stdout.write(text);
  if (outFile) writeFileSync(resolve(outFile), text);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
