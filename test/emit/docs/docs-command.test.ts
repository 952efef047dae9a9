/** `intentc docs`: writes exactly the build's site through the tree writer, refuses symlinks. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { compileMemory, runCli } from "../../helpers.js";
import { renderSite } from "../../../compiler/emit/docs-site.js";
import { changelogHistory } from "../../../compiler/diff/changelog.js";

const run = runCli;

function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, name.name);
      if (name.isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p, "utf8"));
    }
  };
  walk(dir);
  return out;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "intentc-docs-"));
  cpSync("intent", join(dir, "intent"), { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("intentc docs", () => {
  it("writes the rendered site (and removes stale files), leaving no lock or temp dir behind", async () => {
    mkdirSync(join(dir, "generated/docs/site"), { recursive: true });
    writeFileSync(join(dir, "generated/docs/site/stale.html"), "old");
    const r = await run(["docs"], dir);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const files: Record<string, string> = {};
    for (const name of readdirSync("intent"))
      if (name.endsWith(".intent.yaml"))
        files[`intent/${name}`] = readFileSync(`intent/${name}`, "utf8");
    const program = compileMemory(files).program!;
    expect(tree(join(dir, "generated/docs/site"))).toEqual(
      renderSite(program, changelogHistory(program, undefined)),
    );
    expect(readdirSync(dir).sort()).toEqual(["generated", "intent"]);
    expect(readdirSync(join(dir, "generated")).sort()).toEqual(["docs"]);
    expect(readdirSync(join(dir, "generated/docs")).sort()).toEqual(["site"]);
  });

  it("refuses to write through a symlinked site directory", async () => {
    const outside = mkdtempSync(join(tmpdir(), "intentc-docs-outside-"));
    try {
      rmSync(join(dir, "generated/docs/site"), { recursive: true });
      symlinkSync(outside, join(dir, "generated/docs/site"));
      const r = await run(["docs"], dir);
      expect(r.code).toBe(1);
      expect(r.err).toContain("IC5501");
      expect(readdirSync(outside)).toEqual([]);
      expect(existsSync(join(dir, ".intentc-generated.lock"))).toBe(false);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
