/**
 * `npm run bench`: intentc against its peers, on one machine in one run, as child processes.
 *   node bench/run.mjs [--sizes 100,1000] [--cold-sizes 5000] [--runs 3] [--skip-peers] [--no-tsc] [--out bench/RESULTS.md]
 * Measures (medians of --runs, peak RSS included): intentc cold build (every emitter),
 * no-op rebuild and one-file-changed rebuild vs TypeSpec compiling the equivalent model to JSON
 * Schema; `intentc explore` vs `quint run --backend=typescript` on DieHard; generated validators
 * vs ajv compiling the same schemas at run time (its defaults, and the contracts' options) and vs
 * ajv standalone code (bench/ajv-standalone.mjs); the language server's edit-to-diagnostics and
 * completion latency (bench/lsp.mjs). Prints a table and writes it to --out.
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
import {
  fmtMb,
  fmtMs,
  fmtRatio,
  markdownTable,
  measure,
  median,
  repeat,
  repeatPair,
  rssProbe,
} from "./measure.mjs";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const INTENTC = join(REPO, "bin/intentc.js");
const PEERS = join(REPO, "bench/peers");
const TSP = join(PEERS, "node_modules/@typespec/compiler/cmd/tsp.js");
const QUINT = join(PEERS, "node_modules/@informalsystems/quint/dist/src/cli.js");
const DIEHARD = join(REPO, "test/fixtures/explore/diehard");

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : def;
};
const sizes = opt("sizes", "100,1000").split(",").map(Number);
// Sizes measured with one cold build only (intentc and TypeSpec), e.g. the 5 000-entity memory target.
const coldSizes = opt("cold-sizes", "").split(",").filter(Boolean).map(Number);
const runs = Number(opt("runs", "3"));
const outFile = resolve(REPO, opt("out", "bench/RESULTS.md"));
const withPeers = !flag("skip-peers");
const log = (s) => process.stderr.write(`${s}\n`);

function sh(cmd, argv, cwd = REPO) {
  const r = spawnSync(cmd, argv, { cwd, stdio: ["ignore", "inherit", "inherit"] });
  return r.status ?? 1;
}

// 1. dist/ (the CLI runs from it) and the bench-only peers.
if (!flag("no-tsc")) {
  // The package build as `npm install` runs it: tsc, the meta-schema validator, the bundles.
  log("bench: building dist/ (tsc -p ., meta-validator, vendor bundles)");
  sh(process.execPath, [join(REPO, "node_modules/typescript/bin/tsc"), "-p", "."]);
  for (const step of ["scripts/meta-validator.mjs", "scripts/bundle.mjs"])
    sh(process.execPath, [join(REPO, step)]);
}
if (!existsSync(join(REPO, "dist/compiler/cli.js")))
  throw new Error("dist/compiler/cli.js is missing; run `npm run build:ts`");
if (withPeers && (!existsSync(TSP) || !existsSync(QUINT))) {
  log("bench: installing peers (npm ci --prefix bench/peers)");
  if (sh("npm", ["ci", "--prefix", PEERS, "--no-audit", "--no-fund"]) !== 0)
    throw new Error("npm ci --prefix bench/peers failed");
}

/**
 * The hand-written section at the end of the results file (measurements behind design choices,
 * cited by the code), kept when the table above it is regenerated.
 */
function keptSection() {
  const marker = "## Measurements behind design choices";
  let old = "";
  try {
    old = readFileSync(outFile, "utf8");
  } catch {
    return "";
  }
  const at = old.indexOf(marker);
  return at < 0 ? "" : "\n" + old.slice(at);
}

/**
 * Let the machine settle before measuring: write back dirty pages (a just-built dist/ or a
 * just-written corpus keeps the kernel busy for seconds otherwise) and wait a moment.
 */
function settle() {
  spawnSync("sync");
  spawnSync(process.execPath, ["-e", "setTimeout(() => {}, 1500)"]);
}

const scratch = mkdtempSync(join(tmpdir(), "intentc-bench-"));
/**
 * COLD: cold runs start without the previous output, which is moved into the scratch folder
 * rather than deleted. Measured on this project's machines (ext4 without a journal): creating
 * files within minutes of deleting thousands makes the kernel skip every recently deleted inode
 * on each allocation, a cost quadratic in the number of files that has nothing to do with either
 * compiler (system CPU of a 1 000-entity build: 0.3 s fresh, 1–2 s right after `rm -rf`).
 * The "right after rm -rf" rows show that case for both tools.
 */
let asideCount = 0;
function aside(path) {
  if (!existsSync(path)) return;
  mkdirSync(join(scratch, "aside"), { recursive: true });
  renameSync(path, join(scratch, "aside", String(asideCount++)));
}
const rows = [];
const notes = [];
const row = (what, size, r, peer, peerName) =>
  rows.push([
    what,
    size,
    fmtMs(r.ms),
    fmtMs(r.cpuMs),
    fmtMb(r.rssMb),
    peer ? fmtMs(peer.ms) : "",
    peer ? fmtMb(peer.rssMb) : "",
    peer ? `${fmtRatio(r.ms, peer.ms)} (cpu ${fmtRatio(r.cpuMs, peer.cpuMs)})` : "",
    peerName ?? "",
  ]);

try {
  // 2. Explore vs Quint on DieHard, first: start-up-bound runs, measured before the large
  //    corpora are written and deleted (the kernel is then still writing back and freeing).
  const dh = join(scratch, "diehard");
  cpSync(DIEHARD, dh, { recursive: true });
  settle();
  // Short runs: more of them (each tool's median of at least 9).
  const dhRuns = Math.max(runs, 9);
  // Quint's own random seed per run (a fixed small seed can make its simulator stop after one sample).
  const runQuint = () =>
    measure(
      QUINT,
      ["run", "--backend=typescript", "--invariant=NotSolved", join(REPO, "bench/diehard.qnt")],
      { cwd: dh, expect: 1 },
    );
  const [explore, quint] = repeatPair(
    dhRuns,
    () =>
      measure(INTENTC, ["explore", "--machine", "DieHard", "--format", "json"], {
        cwd: dh,
        expect: 1,
      }),
    () => {},
    withPeers ? runQuint : undefined,
    () => {},
  );
  const trace = JSON.parse(explore.runs[0].stdout).machines[0].findings.find(
    (f) => f.kind === "invariant-violated",
  )?.trace;
  if (quint) {
    const qsteps = quint.runs.map((r) => (r.stdout.match(/\[State \d+\]/g) ?? []).length - 1);
    const qInternal = median(
      quint.runs.map((r) => Number((r.stdout.match(/Found an issue \((\d+)ms/) ?? [])[1])),
    );
    const iInternal = median(
      explore.runs.map((r) => JSON.parse(r.stdout).machines[0].stats.elapsedMs),
    );
    notes.push(
      `- DieHard search time reported by the tools themselves (no start-up): intentc ${iInternal.toFixed(1)} ms, Quint ${qInternal} ms (${fmtRatio(iInternal, qInternal)}).`,
    );
    row("explore DieHard", "–", explore, quint, "quint run (typescript)");
    notes.push(
      `- DieHard: intentc's trace has ${trace?.steps.length ?? "?"} steps (BFS, the minimum); Quint's traces had ${qsteps.join(", ")} steps.`,
    );
  } else row("explore DieHard", "–", explore);

  let validatorDir;
  for (const size of sizes) {
    const dir = join(scratch, `corpus-${size}`);
    const corpus = writeCorpus(dir, { entities: size, seed: 1 });
    mkdirSync(join(dir, "node_modules"), { recursive: true });
    symlinkSync(REPO, join(dir, "node_modules/intentc"));
    mkdirSync(join(dir, "node_modules/@intentc"), { recursive: true });
    symlinkSync(join(REPO, "runtime"), join(dir, "node_modules/@intentc/runtime"));
    if (withPeers) symlinkSync(join(PEERS, "node_modules"), join(dir, "tsp/node_modules"));
    log(
      `bench: ${size} entities (${corpus.stats.domains} domains, ${corpus.stats.machines} machines, ${corpus.stats.invariants} invariants)`,
    );
    settle();
    const check = repeat(runs, () => measure(INTENTC, ["check", "--no-explore"], { cwd: dir }));
    // Before each cold run the previous output is moved aside (deleted when the bench ends), for
    // both tools: see COLD below. The incremental-build cache goes too.
    const clean = () => {
      aside(join(dir, "generated"));
      rmSync(join(dir, "node_modules/.cache"), { recursive: true, force: true });
    };
    const build = () => measure(INTENTC, ["build"], { cwd: dir });
    const tspCompile = () =>
      measure(
        TSP,
        [
          "compile",
          "main.tsp",
          "--emit",
          "@typespec/json-schema",
          "--option",
          "@typespec/json-schema.file-type=json",
        ],
        { cwd: join(dir, "tsp") },
      );
    const tspClean = () => aside(join(dir, "tsp/tsp-output"));
    const [cold, tsp] = repeatPair(
      runs,
      build,
      clean,
      withPeers ? tspCompile : undefined,
      tspClean,
    );
    row("cold build (all emitters)", size, cold, tsp, "TypeSpec → JSON Schema");
    // Where the time goes: the front end alone, and a cold build that does not explore machines.
    row("  check (front end only)", size, check, tsp, "TypeSpec → JSON Schema");
    const noExplore = repeat(
      runs,
      () => measure(INTENTC, ["build", "--explore-budget", "0"], { cwd: dir }),
      clean,
    );
    row("  cold build, --explore-budget 0", size, noExplore, tsp, "TypeSpec → JSON Schema");
    clean();
    build(); // a normal build again, so the next runs start from an up-to-date tree
    const noop = repeat(Math.max(runs, 9), build); // short runs: more of them, like DieHard
    row("no-op rebuild", size, noop, cold, "intentc cold build");
    const changed = join(dir, "intent/d0000.intent.yaml");
    const original = readFileSync(changed, "utf8");
    const one = repeat(runs, build, (i) =>
      writeFileSync(
        changed,
        original.replace(/^summary: .*$/m, `summary: Edited ${i} for the benchmark.`),
      ),
    );
    row("one file changed", size, one, cold, "intentc cold build");
    writeFileSync(changed, original);
    // The same cold builds right after deleting the previous output (the usual `rm -rf`).
    const rmOut = (out) => () => rmSync(out, { recursive: true, force: true });
    const [coldRm, tspRm] = repeatPair(
      runs,
      build,
      () => (rmOut(join(dir, "generated"))(), clean()),
      withPeers ? tspCompile : undefined,
      rmOut(join(dir, "tsp/tsp-output")),
    );
    row("  cold build right after rm -rf of the output", size, coldRm, tspRm, "TypeSpec, same");
    notes.push(
      `- ${size} entities: ${corpus.stats.domains} domains, ${corpus.stats.fields} fields, ${corpus.stats.machines} machines, ${corpus.stats.invariants} invariants, ${corpus.stats.slices} slices.`,
    );
    validatorDir = dir;
  }

  for (const size of coldSizes) {
    const dir = join(scratch, `corpus-${size}`);
    const corpus = writeCorpus(dir, { entities: size, seed: 1 });
    mkdirSync(join(dir, "node_modules"), { recursive: true });
    if (withPeers) symlinkSync(join(PEERS, "node_modules"), join(dir, "tsp/node_modules"));
    log(
      `bench: ${size} entities, one cold build (${corpus.stats.domains} domains, ${corpus.stats.machines} machines)`,
    );
    settle();
    aside(join(dir, "generated"));
    const cold = measure(INTENTC, ["build"], { cwd: dir });
    const tsp = withPeers
      ? measure(
          TSP,
          [
            "compile",
            "main.tsp",
            "--emit",
            "@typespec/json-schema",
            "--option",
            "@typespec/json-schema.file-type=json",
          ],
          { cwd: join(dir, "tsp") },
        )
      : undefined;
    row("cold build (all emitters), 1 run", size, cold, tsp, "TypeSpec → JSON Schema");
    notes.push(
      `- ${size} entities: ${corpus.stats.domains} domains, ${corpus.stats.fields} fields, ${corpus.stats.machines} machines, ${corpus.stats.invariants} invariants, ${corpus.stats.slices} slices (one run).`,
    );
    rmSync(dir, { recursive: true, force: true });
  }

  // 3. Validators: generated (precompiled) vs ajv compiling at run time, on the largest built corpus.
  if (validatorDir) {
    const iters = "200000";
    const worker = join(REPO, "bench/validators-worker.mjs");
    // The modes in rounds (generated, ajv, ajv-own, standalone, generated, …), at least 5: each
    // run sees the machine in the same state as its peers' of the round; medians of the rounds.
    // ajv-own has the contracts' semantics (inherited members never satisfy `required`);
    // standalone is ajv standalone code as validators.js would hold it (issue 13's alternative).
    const modes = ["generated", "ajv", "ajv-own", "standalone"];
    const byMode = new Map(modes.map((m) => [m, []]));
    for (let i = 0; i < Math.max(runs, 5); i++) {
      for (const m of modes)
        byMode.get(m).push(measure(worker, [validatorDir, m, iters], { cwd: validatorDir }));
    }
    const [gen, ajv, ajvOwn, standalone] = modes.map((m) => ({
      rssMb: median(byMode.get(m).map((r) => r.rssMb)),
      runs: byMode.get(m),
    }));
    const parse = (r) => r.runs.map((x) => JSON.parse(x.stdout.trim().split("\n").pop()));
    const g = parse(gen);
    const a = parse(ajv);
    const o = parse(ajvOwn);
    const s = parse(standalone);
    const per = (xs) => median(xs.map((x) => x.perSecond));
    const setup = (xs) => median(xs.map((x) => x.setupMs));
    rows.push([
      "validators: setup (import vs ajv compile)",
      sizes.at(-1),
      fmtMs(setup(g)),
      "",
      fmtMb(gen.rssMb),
      fmtMs(setup(a)),
      fmtMb(ajv.rssMb),
      fmtRatio(setup(g), setup(a)),
      "ajv compile at run time",
    ]);
    rows.push([
      "validators: throughput (validations/s)",
      sizes.at(-1),
      `${Math.round(per(g)).toLocaleString("en")}/s`,
      "",
      "",
      `${Math.round(per(a)).toLocaleString("en")}/s`,
      "",
      fmtRatio(per(g), per(a)),
      "ajv (allErrors, native RegExp)",
    ]);
    rows.push([
      "  throughput vs ajv with ownProperties",
      sizes.at(-1),
      `${Math.round(per(g)).toLocaleString("en")}/s`,
      "",
      "",
      `${Math.round(per(o)).toLocaleString("en")}/s`,
      "",
      fmtRatio(per(g), per(o)),
      "ajv, the contracts' options",
    ]);
    rows.push([
      "  throughput vs ajv standalone code",
      sizes.at(-1),
      `${Math.round(per(g)).toLocaleString("en")}/s`,
      "",
      "",
      `${Math.round(per(s)).toLocaleString("en")}/s`,
      "",
      fmtRatio(per(g), per(s)),
      "ajv standalone + re2js",
    ]);
    notes.push(
      `- Validators: ${g[0].records} record types of the first 5 domains, half valid and half with a wrong-typed id, ${iters} validations per run.`,
    );
  }

  // 4. The language server (bench/lsp.mjs): one-line edit → its diagnostics, and completion, medians.
  const { exampleLatency, corpusLatency } = await import("./lsp.mjs");
  for (const [size, run] of [
    ["example", exampleLatency],
    [1000, (o) => corpusLatency(1000, o)],
  ]) {
    const [now, usual] = [
      await run({ runs: 30, debounceMs: 0 }),
      await run({ runs: 30, debounceMs: 80 }),
    ];
    rows.push([
      "lsp: didChange → publishDiagnostics",
      size,
      fmtMs(now.diagnosticsMs),
      fmtMs(now.serverCpuMsPerRound / 2),
      "",
      "",
      "",
      "",
      "goal: < 50 ms example, < 200 ms at 1 000",
    ]);
    rows.push([
      "  the same with the default 80 ms debounce",
      size,
      fmtMs(usual.diagnosticsMs),
      "",
      "",
      "",
      "",
      "",
      "",
    ]);
    rows.push([
      "lsp: completion right after an edit",
      size,
      fmtMs(usual.completionMs),
      "",
      "",
      "",
      "",
      "",
      "",
    ]);
  }
  notes.push(
    "- lsp: medians of 30 one-line edits (the summary line) after 5 unmeasured ones; the first row with the server's debounce set to 0 (its own work), completion with the default debounce; its cpu column is the server's CPU time per edit (half of a round of two edits and one completion); bench/lsp.mjs.",
  );

  const header = [
    "measurement",
    "entities",
    "intentc wall",
    "intentc cpu",
    "intentc peak",
    "peer wall",
    "peer peak",
    "ratio (intentc / peer)",
    "peer",
  ];
  const table = markdownTable(header, rows);
  const text =
    [
      "# intentc benchmark",
      "",
      `Generated by \`npm run bench\` (\`node bench/run.mjs ${args.join(" ")}\`) on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, load average at start ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}.`,
      `Medians of ${runs} runs (DieHard and no-op: ${Math.max(runs, 9)}), peak memory included (${rssProbe}). Ratios below 1× favour intentc. Every measurement is a separate process (\`node bin/intentc.js …\` in the corpus dir), so wall times include Node start-up.`,
      "",
      table,
      "",
      "Corpus (bench/corpus.mjs, seed 1):",
      ...notes,
      "",
      "Peers: @typespec/compiler + @typespec/json-schema 1.11.0, @informalsystems/quint 0.33.1 (antlr4ts 0.5.0-alpha.4), ajv 8 (installed in bench/peers, not product dependencies).",
      "",
    ].join("\n") + keptSection();
  writeFileSync(outFile, text);
  process.stdout.write(`${table}\n\nwritten to ${outFile}\n`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
