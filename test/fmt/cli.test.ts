/**
 * `intentc fmt` as a user runs it: --check lists what would change and exits 1, a run writes the
 * files (and a second --check passes), a broken file is refused with its diagnostics and left as
 * it is, and nothing is written outside the project or through a symlink.
 */
import { describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HEADER, runCli } from "../helpers.js";

const MESSY = `${HEADER}types:\n    Money: { type: integer,   minimum: 0 }   # cents\n    Name: 'plain'\n`;
const TIDY = `${HEADER}types:\n  Money: { type: integer, minimum: 0 } # cents\n  Name: plain\n`;

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "intentc-fmt-"));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(root, rel, ".."), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

describe("intentc fmt", () => {
  it("documents its exit codes in --help", async () => {
    const r = await runCli(["fmt", "--help"], process.cwd());
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Usage: intentc fmt \[options\] \[files\.\.\.\]/);
    expect(r.out).toMatch(/Exit codes:\n {2}0 .*\n {2}1 .*--check.*\n {2}2 {2}usage/);
  });

  it("--check lists the files that would change and exits 1; fmt writes them; then --check passes", async () => {
    const root = project({ "intent/a.intent.yaml": MESSY, "intent/b.intent.yaml": TIDY });
    try {
      const check = await runCli(["fmt", "--check"], root);
      expect(check.code).toBe(1);
      expect(check.out).toBe("intent/a.intent.yaml\n");
      expect(check.err).toContain("1 of 2 files would be reformatted");
      expect(readFileSync(join(root, "intent/a.intent.yaml"), "utf8")).toBe(MESSY);

      const run = await runCli(["fmt"], root);
      expect(run.code).toBe(0);
      expect(run.out).toBe("intent/a.intent.yaml\n");
      expect(readFileSync(join(root, "intent/a.intent.yaml"), "utf8")).toBe(TIDY);
      expect(readFileSync(join(root, "intent/b.intent.yaml"), "utf8")).toBe(TIDY);

      const again = await runCli(["fmt", "--check"], root);
      expect(again).toMatchObject({ code: 0, out: "" });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("takes the intent dir with -d and named files", async () => {
    const root = project({ "spec/a.intent.yaml": MESSY, "spec/b.intent.yaml": MESSY });
    try {
      expect((await runCli(["fmt", "--check"], root)).code).toBe(2); // no intent/ here
      const one = await runCli(["fmt", "spec/b.intent.yaml"], root);
      expect(one).toMatchObject({ code: 0, out: "spec/b.intent.yaml\n" });
      expect(readFileSync(join(root, "spec/a.intent.yaml"), "utf8")).toBe(MESSY);
      const dir = await runCli(["fmt", "-d", "spec", "--check"], root);
      expect(dir).toMatchObject({ code: 1, out: "spec/a.intent.yaml\n" });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("refuses a file that does not load, with its diagnostics, and leaves it as it is", async () => {
    const broken = `${HEADER}types:\n    Money: { type: integer\n`;
    const root = project({ "intent/a.intent.yaml": broken, "intent/b.intent.yaml": MESSY });
    try {
      const r = await runCli(["fmt"], root);
      expect(r.code).toBe(1);
      expect(r.err).toContain("IC1001");
      expect(r.err).toContain("intent/a.intent.yaml");
      expect(r.err).toContain("1 file refused");
      expect(readFileSync(join(root, "intent/a.intent.yaml"), "utf8")).toBe(broken);
      // The other file is still formatted.
      expect(readFileSync(join(root, "intent/b.intent.yaml"), "utf8")).toBe(TIDY);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("writes nothing outside the project and never through a symlink", async () => {
    const outside = project({ "intent/x.intent.yaml": MESSY });
    const root = project({ "intent/a.intent.yaml": TIDY });
    try {
      const far = await runCli(["fmt", join(outside, "intent/x.intent.yaml")], root);
      expect(far.code).toBe(2);
      expect(far.err).toContain("outside the project");
      const dir = await runCli(["fmt", "-d", join(outside, "intent")], root);
      expect(dir.code).toBe(2);
      expect(readFileSync(join(outside, "intent/x.intent.yaml"), "utf8")).toBe(MESSY);
      // A symlinked directory inside the project that points outside it.
      symlinkSync(join(outside, "intent"), join(root, "linked"));
      const linked = await runCli(["fmt", "linked/x.intent.yaml"], root);
      expect(linked.code).toBe(1);
      expect(linked.err).toMatch(/cannot write: .*not a plain directory/);
      expect(readFileSync(join(outside, "intent/x.intent.yaml"), "utf8")).toBe(MESSY);
      // A symlinked file.
      symlinkSync(join(outside, "intent/x.intent.yaml"), join(root, "intent/l.intent.yaml"));
      const file = await runCli(["fmt", "intent/l.intent.yaml"], root);
      expect(file.code).toBe(1);
      // Refused when read or when written, depending on the host (it may not open links at all).
      expect(file.err).toMatch(/cannot read the file|cannot write: .*symlink/);
      expect(readFileSync(join(outside, "intent/x.intent.yaml"), "utf8")).toBe(MESSY);
      // Not an intent file.
      expect((await runCli(["fmt", "README.md"], root)).code).toBe(2);
    } finally {
      rmSync(root, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
