/**
 * Helpers for the package tests: pack this repo's two packages and run commands in a scratch
 * project in the OS temp dir, with an environment that cannot reach this checkout (no npm_*
 * variables from an enclosing `npm test`, no node_modules/.bin of this repo on PATH).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";

/** The repository root. */
export const REPO = resolve(new URL("../..", import.meta.url).pathname);

/** A command's result, with a transcript line for failure messages. */
export interface Ran {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
  readonly transcript: string;
}

/**
 * npm settings a machine may give through the environment (its cache, registry, proxies, config
 * files); every other npm_* variable comes from an enclosing `npm test` and describes this
 * checkout (npm_config_local_prefix would make npm treat the repo as the project).
 */
const KEEP_NPM = new Set([
  "npm_config_cache",
  "npm_config_registry",
  "npm_config_userconfig",
  "npm_config_globalconfig",
  "npm_config_proxy",
  "npm_config_https_proxy",
  "npm_config_noproxy",
  "npm_config_cafile",
  "npm_config_strict_ssl",
]);

/** The environment for commands in a scratch project. */
export function scratchEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    const npm = k.toLowerCase().startsWith("npm_") && !KEEP_NPM.has(k.toLowerCase());
    if (npm || k === "INIT_CWD" || k === "NODE_OPTIONS" || k.startsWith("VITEST")) continue;
    env[k] = v;
  }
  env.PATH = (process.env.PATH ?? "")
    .split(delimiter)
    .filter((p) => !p.startsWith(REPO))
    .join(delimiter);
  env.NODE_ENV = "test";
  env.npm_config_update_notifier = "false";
  return env;
}

/** Run a command in `cwd`; never throws. */
export function run(cwd: string, cmd: string, args: readonly string[]): Ran {
  const r = spawnSync(cmd, args, {
    cwd,
    env: scratchEnv(),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const out = r.stdout ?? "";
  const err = (r.stderr ?? "") + (r.error ? String(r.error) : "");
  const transcript = `$ ${[cmd, ...args].join(" ")}  (in ${cwd}) → exit ${r.status}\n${out}${err}`;
  return { code: r.status, out, err, transcript };
}

/** Run and expect success: returns the result, throws with the transcript otherwise. */
export function ok(cwd: string, cmd: string, args: readonly string[]): Ran {
  const r = run(cwd, cmd, args);
  if (r.code !== 0) throw new Error(`command failed:\n${r.transcript}`);
  return r;
}

/** A fresh directory in the OS temp dir (outside the repository). */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (dir.startsWith(REPO)) throw new Error(`scratch dir ${dir} is inside the repository`);
  return dir;
}

/**
 * `npm pack` both packages of the built checkout into `dest` (scripts off: the test suite runs
 * after the build, and rebuilding dist/ here would race the other suites). Returns the tarballs.
 */
export function packBoth(dest: string): { cli: string; runtime: string } {
  for (const f of [
    "dist/compiler/cli.js",
    "dist/compiler/testing/index.js",
    "runtime/dist/index.js",
  ]) {
    if (!existsSync(join(REPO, f)))
      throw new Error(`${f} is missing: build first (npm run build:ts)`);
  }
  ok(REPO, "npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", dest]);
  ok(join(REPO, "runtime"), "npm", [
    "pack",
    "--ignore-scripts",
    "--silent",
    "--pack-destination",
    dest,
  ]);
  const files = readdirSync(dest);
  const cli = files.find((f) => /^intentc-\d.*\.tgz$/.test(f));
  const runtime = files.find((f) => /^intentc-runtime-\d.*\.tgz$/.test(f));
  if (cli === undefined || runtime === undefined)
    throw new Error(`npm pack left ${files.join(", ")}`);
  return { cli: join(dest, cli), runtime: join(dest, runtime) };
}

/** npm install flags for the scratch projects: from npm's cache when it has the package. */
export const INSTALL = ["install", "--prefer-offline", "--no-audit", "--no-fund"] as const;
