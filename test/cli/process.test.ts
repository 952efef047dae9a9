/**
 * The CLI as a process (bin/intentc.js over dist/): a reader that closes the pipe early, and the
 * vendored single-file bundles of yaml and commander that the package build makes.
 */
import { spawn } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ensureDist } from "../driver/dist.js";

const REPO = join(import.meta.dirname, "../..");

describe("intentc as a process", () => {
  it("stops writing quietly when its reader goes away (`intentc explore | head -1`)", async () => {
    ensureDist("dist/compiler/cli.js");
    // 60 DieHard domains: ~80 KB of findings, more than a pipe holds, so the CLI is still
    // writing when the reader has gone.
    const dir = mkdtempSync(join(tmpdir(), "intentc-pipe-"));
    const jugs = readFileSync(
      join(REPO, "test/fixtures/explore/diehard/intent/jugs.intent.yaml"),
      "utf8",
    );
    mkdirSync(join(dir, "intent"));
    for (let i = 0; i < 60; i++)
      writeFileSync(
        join(dir, "intent", `jugs${i}.intent.yaml`),
        jugs.replace("domain: puzzles", `domain: puzzles${i}`),
      );
    const child = spawn(process.execPath, [join(REPO, "bin/intentc.js"), "explore"], {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    // Close our end of stdout at the first chunk, like `head -1` does after one line.
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) =>
      child.on("close", (c) => resolve(c)),
    );
    rmSync(dir, { recursive: true, force: true });
    expect(err).not.toMatch(/EPIPE|Unhandled|internal error/);
    // explore's own exit code: DieHard's invariant is violated.
    expect(code).toBe(1);
  });

  it("runs the bundled CLI only when it is at least as new as the compiled one", () => {
    // A copy of the launcher over two stub CLIs that say which one ran.
    const dir = mkdtempSync(join(tmpdir(), "intentc-bin-"));
    mkdirSync(join(dir, "bin"));
    cpSync(join(REPO, "bin/intentc.js"), join(dir, "bin/intentc.js"));
    const stub = (rel: string, name: string) => {
      mkdirSync(join(dir, rel, ".."), { recursive: true });
      writeFileSync(
        join(dir, rel),
        `export async function main() { process.stdout.write(${JSON.stringify(name)}); return 0; }\n`,
      );
    };
    stub("dist/compiler/cli.js", "compiled");
    const ran = () =>
      spawnSync(process.execPath, [join(dir, "bin/intentc.js")], { encoding: "utf8" }).stdout;
    expect(ran()).toBe("compiled");
    stub("dist/bundle/cli.js", "bundled");
    const now = Date.now() / 1000;
    utimesSync(join(dir, "dist/compiler/cli.js"), now - 10, now - 10);
    expect(ran()).toBe("bundled");
    // A later `tsc` alone rewrites dist/compiler/: the older bundle is not used.
    utimesSync(join(dir, "dist/compiler/cli.js"), now + 10, now + 10);
    expect(ran()).toBe("compiled");
    rmSync(dir, { recursive: true, force: true });
  });

  it("loads yaml and commander from single-file bundles when the package build made them", () => {
    ensureDist("dist/compiler/cli.js");
    for (const name of ["yaml", "commander", "handlebars", "semver"]) {
      const text = readFileSync(join(REPO, `dist/compiler/vendor/${name}.js`), "utf8");
      // Unbundled, the module only re-exports the package; bundled, it imports no package at all.
      expect(text).not.toMatch(new RegExp(`from "${name}"`));
      expect(text.length).toBeGreaterThan(20_000);
    }
    // The CLI bundle, with its workers and the meta-schema validator beside them.
    for (const name of [
      "cli.js",
      "io-worker.js",
      "explore-worker.js",
      "meta-schema.validator.cjs",
    ]) {
      expect(readFileSync(join(REPO, "dist/bundle", name), "utf8").length, name).toBeGreaterThan(
        100,
      );
    }
  });
});
