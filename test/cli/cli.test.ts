import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../compiler/cli.js";
import type { CliIO } from "../../compiler/cli/shared.js";

async function run(argv: string[], cwd = process.cwd()) {
  let out = "";
  let err = "";
  const io: CliIO = { out: (s) => (out += s), err: (s) => (err += s), cwd, isTTY: false };
  const code = await main(argv, io);
  return { code, out, err };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "intentc-cli-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("cli", () => {
  it("prints the version", async () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8"));
    const r = await run(["--version"]);
    expect(r).toMatchObject({ code: 0, out: `${pkg.version}\n` });
  });

  it("has --help on every command", async () => {
    const top = await run(["--help"]);
    expect(top.code).toBe(0);
    const commands = [
      "check",
      "build",
      "init",
      "explore",
      "diff",
      "docs",
      "slice",
      "verify",
      "run",
      "approve",
      "promote",
    ];
    for (const c of commands) {
      expect(top.out).toContain(c);
      const r = await run([c, "--help"]);
      expect(r.code, c).toBe(0);
      expect(r.out, c).toMatch(new RegExp(`Usage: intentc ${c}`));
    }
  });

  it("exits 2 on an unknown command or option", async () => {
    expect((await run(["bogus"])).code).toBe(2);
    expect((await run(["check", "--nope"])).code).toBe(2);
  });

  it("checks the embedded example clean", async () => {
    const r = await run(["check"]);
    expect(r.code).toBe(0);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/✓ intent: 4 domains/);
  });

  it("scaffolds a working example with init, and refuses to overwrite", async () => {
    const r = await run(["init"], dir);
    expect(r.code).toBe(0);
    const c = await run(["check"], dir);
    expect(c.err).toMatch(/✓ intent: 1 domain,/);
    expect(c.code).toBe(0);
    expect((await run(["init"], dir)).code).toBe(1);
  });

  it("exits 1 with positioned diagnostics on broken intent, in every format", async () => {
    const d = mkdtempSync(join(tmpdir(), "intentc-cli-bad-"));
    mkdirSync(join(d, "intent"));
    writeFileSync(
      join(d, "intent/x.intent.yaml"),
      "intent: 1\ndomain: x\nversion: 1.0.0\ntypes:\n  A: Mony\n  Money: integer\n",
    );
    const text = await run(["check"], d);
    expect(text.code).toBe(1);
    expect(text.out).toContain("intent/x.intent.yaml:5:6 error IC2003 Unknown type 'Mony'.");
    expect(text.out).toContain("hint: Did you mean 'Money'?");
    const json = await run(["check", "--format", "json"], d);
    expect(JSON.parse(json.out).diagnostics[0]).toMatchObject({
      code: "IC2003",
      line: 5,
      column: 6,
    });
    const sarif = await run(["check", "--format", "sarif"], d);
    expect(JSON.parse(sarif.out).runs[0].results[0].ruleId).toBe("IC2003");
    rmSync(d, { recursive: true, force: true });
  });

  it("check runs the analyses build runs: DieHard fails both with IC8001, --no-explore skips exploring", async () => {
    const diehard = join(process.cwd(), "test/fixtures/explore/diehard");
    const check = await run(["check"], diehard);
    expect(check.code).toBe(1);
    expect(check.out).toMatch(/error IC8001 /);
    const scratch = mkdtempSync(join(tmpdir(), "intentc-diehard-"));
    try {
      const build = await run(
        [
          "build",
          "--dir",
          join(diehard, "intent"),
          "--out",
          join(scratch, "generated"),
          "--allow-outside",
        ],
        diehard,
      );
      expect(build.code).toBe(1);
      expect(build.out).toMatch(/error IC8001 /);
      // Same findings from both commands.
      const codes = (text: string) => [...text.matchAll(/error (IC\d{4}) /g)].map((m) => m[1]);
      expect(codes(build.out)).toEqual(codes(check.out));
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    const front = await run(["check", "--no-explore"], diehard);
    expect(front.code).toBe(0);
    expect(front.err).toMatch(/✓ intent: 1 domain/);
  });

  it("reports a missing intent directory as a diagnostic", async () => {
    const d = mkdtempSync(join(tmpdir(), "intentc-cli-empty-"));
    const r = await run(["check"], d);
    expect(r.code).toBe(1);
    expect(r.out).toContain("IC1107");
    // A positional is a usage error (the intent dir is given with --dir); a dir outside the
    // working directory is read like any other.
    expect((await run(["check", "../elsewhere"], d)).code).toBe(2);
    const outside = await run(["check", "--dir", join(process.cwd(), "intent"), "--no-explore"], d);
    expect(outside.code, outside.out).toBe(0);
    expect(outside.err).toMatch(/: 4 domains,/);
    rmSync(d, { recursive: true, force: true });
  });
});
