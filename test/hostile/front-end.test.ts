/**
 * Hostile inputs for the front end (SECURITY.md Y01, Y02, Y04, G01, G09, plus size caps): each
 * gives a diagnostic with a stable code and position, never a crash. Where time matters, the test
 * asserts how it scales (a 10x larger input must cost < 20x the CPU time), never a wall-clock limit.
 */
import { describe, expect, it } from "vitest";
import { createMemoryHost } from "../../compiler/host.js";
import { compile, type CompileResult } from "../../compiler/program.js";

const HEADER = "intent: 1\ndomain: shop\nversion: 1.0.0\n";
const SYSTEM = `intent: 1
system: shop
version: 1.0.0
gates:
  test: { stage: test, command: [npx, vitest, run] }
risk:
  tiers:
    low: { approvals: 0, retries: 2, gates: [test] }
`;
/** Compile in memory. */
function timed(files: Record<string, string>): { result: CompileResult } {
  return { result: compile(createMemoryHost(files), { dir: "intent" }) };
}

/** Best-of-`runs` CPU time (ms) of compiling `files`: other processes' load does not count. */
function cpuMs(files: Record<string, string>, runs: number): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const cpu = process.cpuUsage();
    compile(createMemoryHost(files), { dir: "intent" });
    const used = process.cpuUsage(cpu);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

/** The large input costs less than `factor` times the small one (floor of 5 ms for the small). */
function expectScales(
  small: Record<string, string>,
  large: Record<string, string>,
  factor: number,
): void {
  const ratio = cpuMs(large, 2) / Math.max(cpuMs(small, 3), 5);
  expect(ratio, `CPU time ratio large/small = ${ratio.toFixed(1)}`).toBeLessThan(factor);
}

const brief = (r: CompileResult) =>
  r.diagnostics.map((d) => ({ code: d.code, line: d.line, column: d.column }));

describe("hostile front-end inputs", () => {
  it("Y01: an alias bomb under 1 KB gives IC1004 at the first anchor, without expanding it", () => {
    const bomb = (levels: number) => {
      const lines = ['  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
      for (let i = 1; i < levels; i++) {
        const prev = String.fromCharCode(96 + i);
        const name = String.fromCharCode(97 + i);
        lines.push(`  ${name}: &${name} [${Array(9).fill(`*${prev}`).join(",")}]`);
      }
      return `${HEADER}types:\n${lines.join("\n")}\n`;
    };
    const text = bomb(9);
    // Expanded, 9 levels are 9^6 times more nodes than 3; unexpanded they cost about the same.
    expectScales({ "intent/shop.intent.yaml": bomb(3) }, { "intent/shop.intent.yaml": text }, 20);
    expect(text.length).toBeLessThan(1024);
    const { result } = timed({ "intent/shop.intent.yaml": text });
    expect(result.program).toBeUndefined();
    expect(result.diagnostics.every((d) => d.code === "IC1004")).toBe(true);
    expect(brief(result)[0]).toEqual({ code: "IC1004", line: 5, column: 6 });
  });

  it("Y02: 5000-deep [[[…]]] gives IC1003 at the first bracket past the limit, no RangeError", () => {
    const text = `${HEADER}types:\n  Deep: ${"[".repeat(5000)}${"]".repeat(5000)}\n`;
    const { result } = timed({ "intent/shop.intent.yaml": text });
    // "  Deep: " is 8 columns; the 65th '[' (depth 65 > 64) is at column 9 + 64.
    expect(brief(result)).toEqual([{ code: "IC1003", line: 5, column: 73 }]);
  });

  it("Y02: 300-deep block mappings give IC1003, no RangeError", () => {
    let text = HEADER + "types:\n";
    for (let i = 0; i < 300; i++) text += `${" ".repeat(2 + 2 * i)}a${i}:\n`;
    const { result } = timed({ "intent/shop.intent.yaml": text });
    // Indentation counts two columns a level; a0 is on line 5, and a68 (138 spaces) is the first
    // line indented past 64 * 2 + 8 columns: the diagnostic points at its 137th space.
    expect(brief(result)).toEqual([{ code: "IC1003", line: 73, column: 137 }]);
  });

  it("Y04: __proto__, constructor and prototype keys at any depth give IC1006; Object.prototype is untouched", () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const text = `${HEADER}__proto__: { polluted: true }
types:
  Money: { type: integer, constructor: { polluted: true } }
entities:
  Order:
    fields:
      prototype: string
      nested: { fields: { __proto__: { polluted: true } } }
`;
    const { result } = timed({ "intent/shop.intent.yaml": text });
    expect(brief(result)).toEqual([
      { code: "IC1006", line: 4, column: 1 },
      { code: "IC1006", line: 6, column: 27 },
      { code: "IC1006", line: 10, column: 7 },
      { code: "IC1006", line: 11, column: 27 },
    ]);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("G01: escaping, negated and too-broad write scopes are rejected at compile time", () => {
    const text = `${HEADER}risk: low
slices:
  evil:
    says: Write anywhere
    writes: ["../**", "/etc/**", "src/../../**", "!src/core/**", "**", "~/.ssh/*", "C:/Windows/*"]
`;
    const { result } = timed({
      "intent/system.intent.yaml": SYSTEM,
      "intent/shop.intent.yaml": text,
    });
    const byGlob = result.diagnostics.map((d) => [d.code, /'([^']*)'/.exec(d.message)?.[1]]);
    expect(byGlob.sort()).toEqual(
      [
        ["IC3201", "../**"],
        ["IC3201", "/etc/**"],
        ["IC3201", "src/../../**"],
        ["IC3201", "~/.ssh/*"],
        ["IC3201", "C:/Windows/*"],
        ["IC3202", "!src/core/**"],
        ["IC3203", "**"],
      ].sort(),
    );
    // Exact positions (each glob in the list) are asserted by the IC32xx fixtures.
    expect(result.diagnostics.every((d) => d.line === 8)).toBe(true);
  });

  it("G09: two slices both writing src/shared/** give a scope-overlap diagnostic", () => {
    const text = `${HEADER}risk: low
slices:
  a-service: { says: A, writes: ["src/shared/**"] }
  b-service: { says: B, writes: ["src/shared/**"] }
`;
    const { result } = timed({
      "intent/system.intent.yaml": SYSTEM,
      "intent/shop.intent.yaml": text,
    });
    expect(result.diagnostics.map((d) => [d.code, d.line])).toEqual([["IC3205", 7]]);
  });

  it("a file with 100k keys and a duplicate at the end gives IC1005, in time linear in the keys", () => {
    const file = (n: number) => {
      const keys = Array.from({ length: n }, (_, i) => `  T${i}: string`);
      keys.push("  T5: string");
      return { "intent/shop.intent.yaml": `${HEADER}types:\n${keys.join("\n")}\n` };
    };
    expectScales(file(10_000), file(100_000), 20);
    const { result } = timed(file(100_000));
    expect(brief(result)).toEqual([{ code: "IC1005", line: 100_005, column: 3 }]);
  });

  it("a file with 100k misnamed keys gives the first 100 IC1105s, in time linear in the keys", () => {
    const file = (n: number) => {
      const keys = Array.from({ length: n }, (_, i) => `  t-${i}: string`);
      return { "intent/shop.intent.yaml": `${HEADER}types:\n${keys.join("\n")}\n` };
    };
    expectScales(file(10_000), file(100_000), 20);
    const { result } = timed(file(100_000));
    expect(result.diagnostics).toHaveLength(100);
    expect(result.diagnostics.every((d) => d.code === "IC1105")).toBe(true);
    expect(brief(result)[0]).toEqual({ code: "IC1105", line: 5, column: 3 });
  });

  it("a 3 MB file gives IC1002 without being parsed", () => {
    const text = HEADER + "summary: " + "x".repeat(3 * 1024 * 1024) + "\n";
    const { result } = timed({ "intent/shop.intent.yaml": text });
    expect(brief(result)).toEqual([{ code: "IC1002", line: 1, column: 1 }]);
  });

  it("more than 200k YAML nodes give IC1007", () => {
    const text = `${HEADER}owners: [${Array(200_001).fill("a").join(",")}]\n`;
    const { result } = timed({ "intent/shop.intent.yaml": text });
    expect(result.diagnostics.map((d) => d.code)).toEqual(["IC1007"]);
  });

  it("YAML outside the format is refused at its position, naming the construct, never reinterpreted", () => {
    const cases: [string, string, { code: string; line: number; column: number }, RegExp][] = [
      [
        "%YAML 1.1 (0777 would be 511, yes a boolean)",
        `%YAML 1.1\n---\n${HEADER}summary: 0777\nowners: [yes]\n`,
        { code: "IC1010", line: 1, column: 1 },
        /'%YAML 1\.1'/,
      ],
      [
        "%TAG",
        `%TAG !e! tag:example.com,2000:\n---\n${HEADER}`,
        { code: "IC1010", line: 1, column: 1 },
        /'%TAG/,
      ],
      [
        "!!js/function",
        `${HEADER}summary: !!js/function "function () {}"\n`,
        { code: "IC1011", line: 4, column: 10 },
        /'!!js\/function'/,
      ],
      [
        "!!timestamp",
        `${HEADER}summary: !!timestamp 2001-12-14\n`,
        { code: "IC1011", line: 4, column: 10 },
        /'!!timestamp'/,
      ],
      [
        "!!omap",
        `${HEADER}types: !!omap [a: string]\n`,
        { code: "IC1011", line: 4, column: 8 },
        /'!!omap'/,
      ],
      [
        "tag on a key",
        `${HEADER}types:\n  !!str T: string\n`,
        { code: "IC1011", line: 5, column: 3 },
        /'!!str'/,
      ],
      [
        ".nan key",
        `${HEADER}types:\n  .nan: string\n`,
        { code: "IC1008", line: 5, column: 3 },
        /'\.nan' is a number/,
      ],
      [
        "null key",
        `${HEADER}types:\n  ~: string\n`,
        { code: "IC1008", line: 5, column: 3 },
        /'~' is null/,
      ],
      [
        "2^53 + 1",
        `${HEADER}types:\n  T: { type: integer, minimum: -9007199254740993 }\n`,
        { code: "IC1012", line: 5, column: 32 },
        /safe integer/,
      ],
      [
        ".inf value",
        `${HEADER}types:\n  T: { type: number, maximum: .inf }\n`,
        { code: "IC1012", line: 5, column: 31 },
        /infinite/,
      ],
      [
        "lone surrogate",
        `${HEADER}summary: "\\uDC00"\n`,
        { code: "IC1013", line: 4, column: 10 },
        /unpaired surrogate/,
      ],
      ["raw NUL", `${HEADER}summary: x\u0000\n`, { code: "IC1013", line: 4, column: 11 }, /NUL/],
      [
        "old-Mac CR",
        `intent: 1\rdomain: shop\r`,
        { code: "IC1013", line: 1, column: 10 },
        /carriage return/,
      ],
    ];
    for (const [name, text, want, message] of cases) {
      const { result } = timed({ "intent/shop.intent.yaml": text });
      expect(brief(result), name).toEqual([want]);
      expect(result.diagnostics[0].message, name).toMatch(message);
      expect(result.program, name).toBeUndefined();
    }
  });

  it("exact numbers and CRLF files are still accepted", () => {
    const text = `${HEADER}types:\n  T: { type: number, minimum: -9007199254740991, maximum: 0.123456789012345 }\n`;
    expect(brief(timed({ "intent/shop.intent.yaml": text }).result)).toEqual([]);
    expect(brief(timed({ "intent/shop.intent.yaml": text.replace(/\n/g, "\r\n") }).result)).toEqual(
      [],
    );
  });
});
