import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../compiler/cli.js";
import type { CliIO } from "../../compiler/cli/shared.js";

async function run(argv: string[], cwd: string) {
  let out = "";
  let err = "";
  const io: CliIO = { out: (s) => (out += s), err: (s) => (err += s), cwd, isTTY: false };
  const code = await main(argv, io);
  return { code, out, err };
}

// Two counters 0..3 moved up and down by one: 16 reachable configurations, no findings.
const SPEC = `intent: 1
domain: pair
version: 1.0.0
summary: Two counters 0..3.
types:
  Count: { type: integer, minimum: 0, maximum: 3 }
entities:
  Pair:
    fields:
      x: Count
      y: Count
events:
  incX: {}
  decX: {}
  incY: {}
  decY: {}
machines:
  Counter:
    entity: Pair
    initial: on
    init: { x: 0, y: 0 }
    states:
      on:
        on:
          incX: { guard: "x < 3", set: { x: "x + 1" } }
          decX: { guard: "x > 0", set: { x: "x - 1" } }
          incY: { guard: "y < 3", set: { y: "y + 1" } }
          decY: { guard: "y > 0", set: { y: "y - 1" } }
invariants:
  PAIR-1:
    says: Both counters stay in range
    holds: "x >= 0 && x <= 3 && y >= 0 && y <= 3"
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "intentc-fingerprint-"));
  mkdirSync(join(dir, "intent"));
  writeFileSync(join(dir, "intent", "pair.intent.yaml"), SPEC);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// n(n+1)/2^65 for n = 16 distinct states, as the verdict prints it.
const BOUND = ((16 * 17) / 2 ** 65).toPrecision(2);

describe("intentc explore --fingerprint / --no-fingerprint", () => {
  it("--fingerprint: the verdict names the 64-bit fingerprints and their collision bound", async () => {
    const r = await run(["explore", "--fingerprint"], dir);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain(`complete (fingerprinted: 64-bit, collision probability ≤ ${BOUND})`);
    expect(r.out).toMatch(
      /^explore pair\.Counter: 16 distinct states, 64 generated, depth 6, .*, complete \(fingerprinted: 64-bit, collision probability ≤ 7\.4e-18\)\n  ✓ no findings\n/m,
    );
  });

  it("--fingerprint with --format json: stats.fingerprints holds the bits and the bound", async () => {
    const r = await run(["explore", "--fingerprint", "--format", "json"], dir);
    expect(r.code).toBe(0);
    const stats = JSON.parse(r.out).machines[0].stats;
    expect(stats.distinct).toBe(16);
    expect(stats.completeness).toBe("complete");
    expect(stats.fingerprints).toEqual({ bits: 64, collisionBound: (16 * 17) / 2 ** 65 });
  });

  it("--no-fingerprint and the default (a narrow key) keep whole keys: no fingerprint in the verdict", async () => {
    for (const argv of [["explore", "--no-fingerprint"], ["explore"]]) {
      const r = await run(argv, dir);
      expect(r.code, argv.join(" ")).toBe(0);
      expect(r.out, argv.join(" ")).toContain("complete");
      expect(r.out, argv.join(" ")).not.toContain("fingerprint");
      const j = JSON.parse((await run([...argv, "--format", "json"], dir)).out).machines[0].stats;
      expect(j.distinct).toBe(16);
      expect(j.fingerprints).toBeUndefined();
    }
  });

  it("--help documents both flags", async () => {
    const r = await run(["explore", "--help"], dir);
    expect(r.out).toContain("--fingerprint");
    expect(r.out).toContain("--no-fingerprint");
  });
});

describe("intentc build / check --fingerprint / --no-fingerprint", () => {
  // Three accounts (system-bank): the transfer flow is explored as one system with keys of 7 ids,
  // whole by default; its summary note (IC8024) states fingerprints exactly when they were kept.
  let bank: string;
  beforeAll(() => {
    bank = mkdtempSync(join(tmpdir(), "intentc-fingerprint-bank-"));
    cpSync(join(process.cwd(), "test/fixtures/explore/system-bank/intent"), join(bank, "intent"), {
      recursive: true,
    });
  });
  afterAll(() => rmSync(bank, { recursive: true, force: true }));
  const SUMMARY = "over the events of its steps: 28 states, complete";
  // n(n+1)/2^65 for n = 28 states.
  const PRINTED = `28 states, complete (fingerprinted: 64-bit, collision probability ≤ ${((28 * 29) / 2 ** 65).toPrecision(2)});`;

  it("check: --fingerprint explores with fingerprints and says so; --no-fingerprint and the default keep whole keys", async () => {
    const printed = await run(["check", "--fingerprint"], bank);
    expect(printed.code).toBe(0);
    expect(printed.err).toContain(PRINTED);
    for (const argv of [["check", "--no-fingerprint"], ["check"]]) {
      const r = await run(argv, bank);
      expect(r.code, argv.join(" ")).toBe(0);
      expect(r.err, argv.join(" ")).toContain(`${SUMMARY}; its value is conserved`);
      expect(r.err, argv.join(" ")).not.toContain("fingerprint");
    }
  });

  it("build: each build explores with the keys it asks for (results are remembered per choice)", async () => {
    for (const [argv, printed] of [
      [["build"], false],
      [["build", "--fingerprint"], true],
      [["build", "--fingerprint"], true],
      [["build", "--no-fingerprint"], false],
      [["build"], false],
    ] as const) {
      const r = await run([...argv], bank);
      expect(r.code, argv.join(" ")).toBe(0);
      if (printed) expect(r.err, argv.join(" ")).toContain(PRINTED);
      else {
        expect(r.err, argv.join(" ")).toContain(`${SUMMARY}; its value is conserved`);
        expect(r.err, argv.join(" ")).not.toContain("fingerprint");
      }
    }
  });

  it("--help of build and check documents both flags", async () => {
    for (const cmd of ["build", "check"]) {
      const r = await run([cmd, "--help"], bank);
      expect(r.out, cmd).toContain("--fingerprint");
      expect(r.out, cmd).toContain("--no-fingerprint");
    }
  });
});
