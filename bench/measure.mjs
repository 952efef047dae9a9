/**
 * Measuring Node child processes: wall time, CPU time (a preload that writes
 * `process.resourceUsage()` on exit) and peak RSS of one run (`/usr/bin/time -f %M` when present,
 * else the preload's maxRSS), medians, and table formatting.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const GNU_TIME = "/usr/bin/time";
const hasGnuTime = existsSync(GNU_TIME) && spawnSync(GNU_TIME, ["-f", "%M", "true"]).status === 0;
const PRELOAD = new URL("./rss-preload.mjs", import.meta.url).href;

/** Which peak-memory probe is in use, for the report. */
export const rssProbe = hasGnuTime ? "GNU time %M" : "process.resourceUsage().maxRSS";

/**
 * Run the Node script `script args` in `cwd`; returns { ms, cpuMs, rssMb, status, stdout, stderr }
 * (cpuMs is user + system CPU time of the process).
 * `expect` (a number or array of exit codes) makes an unexpected exit code throw.
 */
export function measure(script, args, { cwd, env, expect = 0, timeoutMs = 600_000 } = {}) {
  const scratch = mkdtempSync(join(tmpdir(), "intentc-bench-time-"));
  const rssFile = join(scratch, "rss");
  const cmd = script;
  // CPU time from the preload (microseconds: GNU time counts 10 ms ticks, too coarse for a
  // 150 ms command); peak memory from GNU time when present.
  const cpuFile = join(scratch, "cpu");
  const node = [process.execPath, "--import", PRELOAD, script, ...args];
  const [file, argv] = hasGnuTime
    ? [GNU_TIME, ["-q", "-f", "%M %U %S", "-o", rssFile, ...node]]
    : [node[0], node.slice(1)];
  env = {
    ...env,
    ...(hasGnuTime ? { INTENTC_BENCH_CPU_FILE: cpuFile } : { INTENTC_BENCH_RSS_FILE: rssFile }),
  };
  const started = process.hrtime.bigint();
  const r = spawnSync(file, argv, {
    cwd,
    env: { ...process.env, ...env },
    encoding: "utf8",
    maxBuffer: 256 << 20,
    timeout: timeoutMs,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  let rssKb = NaN;
  let cpuMs = NaN;
  try {
    const [kb, user, sys] = readFileSync(rssFile, "utf8")
      .trim()
      .split("\n")
      .pop()
      .split(" ")
      .map(Number);
    rssKb = kb;
    if (user !== undefined && sys !== undefined) cpuMs = (user + sys) * 1000;
  } catch {
    // the command did not start; reported below
  }
  try {
    const [user, sys] = readFileSync(cpuFile, "utf8").trim().split(" ").map(Number);
    if (Number.isFinite(user) && Number.isFinite(sys)) cpuMs = (user + sys) * 1000;
  } catch {
    // no preload output (the process was killed): GNU time's ticks stand
  }
  rmSync(scratch, { recursive: true, force: true });
  const status = r.status ?? -1;
  const ok = Array.isArray(expect) ? expect.includes(status) : status === expect;
  if (!ok) {
    const tail = `${r.stdout ?? ""}\n${r.stderr ?? ""}`.trim().split("\n").slice(-15).join("\n");
    throw new Error(
      `'${cmd} ${args.join(" ")}' in ${cwd} exited ${status}${r.error ? ` (${r.error.message})` : ""}:\n${tail}`,
    );
  }
  return { ms, cpuMs, rssMb: rssKb / 1024, status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

/** Median of a list of numbers. */
export function median(xs) {
  const s = [...xs].filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Run `once()` `runs` times (after `before()` each time) and summarise medians.
 * Times and peak memory are medians over the runs.
 * @returns {{ ms: number, cpuMs: number, rssMb: number, runs: object[] }}
 */
export function repeat(runs, once, before = () => {}) {
  const all = [];
  for (let i = 0; i < runs; i++) {
    before(i);
    all.push(once(i));
  }
  return summary(all);
}

function summary(all) {
  return {
    ms: median(all.map((r) => r.ms)),
    cpuMs: median(all.map((r) => r.cpuMs)),
    rssMb: median(all.map((r) => r.rssMb)),
    runs: all,
  };
}

/**
 * Two measurements taken in turns (a, b, a, b, …), each after its own `before`: both see the
 * machine in the same state (e.g. the file system's recent deletions), instead of the second
 * always running later. `b` may be undefined (no peer): then only `a` runs.
 */
export function repeatPair(runs, a, aBefore, b, bBefore) {
  const as = [];
  const bs = [];
  for (let i = 0; i < runs; i++) {
    aBefore(i);
    as.push(a(i));
    if (b === undefined) continue;
    bBefore(i);
    bs.push(b(i));
  }
  return [summary(as), b === undefined ? undefined : summary(bs)];
}

/** Format milliseconds for the table. */
export function fmtMs(ms) {
  if (!Number.isFinite(ms)) return "–";
  return ms >= 10_000
    ? `${(ms / 1000).toFixed(1)} s`
    : ms >= 1000
      ? `${(ms / 1000).toFixed(2)} s`
      : `${ms.toFixed(0)} ms`;
}

/** Format a ratio (`a / b`) with two significant decimals. */
export function fmtRatio(a, b) {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return "–";
  const r = a / b;
  return r >= 10 ? `${r.toFixed(0)}×` : r >= 0.1 ? `${r.toFixed(2)}×` : `${r.toFixed(3)}×`;
}

/** Format megabytes. */
export function fmtMb(mb) {
  return Number.isFinite(mb) ? `${mb.toFixed(0)} MB` : "–";
}

/** Render a Markdown table from a header row and rows of cells. */
export function markdownTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(" | ")} |`;
  return [
    line(header),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...rows.map(line),
  ].join("\n");
}
