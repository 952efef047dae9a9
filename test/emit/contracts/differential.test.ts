/**
 * Differential test of the generated validators against ajv (the same options the validators were
 * compiled with before: strict, allErrors, unicodeRegExp, ownProperties; patterns on native RegExp).
 * For the example intent, a generated corpus, the fixture and a program using every keyword, random
 * values near each contract (boundaries, wrong types, missing/extra/inherited properties, strings
 * near length and pattern limits, NaN/Infinity/-0/huge numbers, duplicates) must be accepted or
 * rejected alike, and rejected values must carry the very issues ajv's errors map to.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { compile } from "../../../compiler/program.js";
import { createNodeHost } from "../../../compiler/host.js";
import type { Program } from "../../../compiler/ir/types.js";
import { fc } from "../../../compiler/testing/arbitraries.js";
import { re2RegExp, simpleMatcher } from "../../../runtime/re2.js";
import { patternMatcher } from "../../../compiler/emit/contracts/patterns.js";
import { toIssues } from "../../../runtime/index.js";
import { at, domain, field, prim, program, ref, shopProgram } from "./fixture.js";
import { ajvOf, differential, prepare, type Case } from "./differential-kit.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const DIR = join(ROOT, "test", ".tmp-differential");

/** Every keyword the contracts emit, with hostile names and strings. */
function kitchenProgram(): Program {
  const decl = { approvedBreaking: [] as const };
  const t = (name: string, type: Parameters<typeof field>[1], line: number) => ({
    ...decl,
    kind: "type" as const,
    domain: "lab",
    name,
    type,
    loc: at(line),
  });
  const colors = [
    "red",
    "green",
    "blue",
    'we"ird',
    "</script>",
    "\u2028",
    "toString",
    "constructor",
    "ünï",
    "😀",
  ];
  return program(
    domain("lab", {
      types: [
        t("Ratio", prim("number", { exclusiveMinimum: 0, maximum: 1.5, multipleOf: 0.25 }), 3),
        t("Even", prim("integer", { multipleOf: 2, minimum: -10, exclusiveMaximum: 100 }), 4),
        t("Name", prim("string", { minLength: 2, maxLength: 4 }), 5),
        t("Code", prim("string", { pattern: "^[a-c]+x?[0-9]{1,3}$" }), 6),
        t("Loose", prim("string", { pattern: "b(c)*|^z" }), 7),
        t("Color", { kind: "enum", values: colors }, 8),
        t("Small", { kind: "enum", values: ["a", "b"] }, 9),
        t("Real", prim("number"), 10),
        t("Flag", prim("boolean"), 11),
        t("Step", prim("number", { multipleOf: 0.5 }), 12),
      ],
      entities: [
        {
          ...decl,
          kind: "entity",
          domain: "lab",
          name: "Thing",
          key: "id",
          loc: at(12),
          fields: [
            field("toString", ref("Name", "lab")),
            field("constructor", prim("integer", { minimum: 0, maximum: 5 }), true),
            field("tags", {
              kind: "array",
              items: ref("Name", "lab"),
              minItems: 1,
              maxItems: 4,
              uniqueItems: true,
            }),
            field("nums", { kind: "array", items: prim("integer"), uniqueItems: true }, true),
            field(
              "words",
              { kind: "array", items: prim("string", { maxLength: 9 }), uniqueItems: true },
              true,
            ),
            field("items", {
              kind: "array",
              items: {
                kind: "object",
                fields: [field("n", ref("Even", "lab")), field("on", ref("Flag", "lab"), true)],
              },
              uniqueItems: true,
              maxItems: 3,
            }),
            field("code", ref("Code", "lab"), true),
            field("loose", ref("Loose", "lab"), true),
            field("color", ref("Color", "lab")),
            field("small", ref("Small", "lab"), true),
            field("ratio", ref("Ratio", "lab"), true),
            field("real", ref("Real", "lab"), true),
            field("size", prim("integer", { minimum: 1, maximum: 10 }), true),
            field(
              "grid",
              {
                kind: "array",
                items: { kind: "array", items: prim("number", { minimum: 0 }), maxItems: 2 },
                maxItems: 2,
              },
              true,
            ),
          ],
        },
      ],
    }),
  );
}

describe("generated validators agree with ajv", () => {
  const cases = new Map<string, Case>();
  beforeAll(async () => {
    cases.set("kitchen", await prepare(DIR, "kitchen", kitchenProgram()));
    cases.set("fixture", await prepare(DIR, "fixture", shopProgram()));
    const example = compile(createNodeHost(ROOT), { dir: "intent" });
    cases.set("example", await prepare(DIR, "example", example.program!));
    const corpusMod = (await import(pathToFileURL(join(ROOT, "bench/corpus.mjs")).href)) as {
      generateCorpus(o: { entities: number; perDomain: number; seed: number }): {
        files: Map<string, string>;
      };
    };
    const corpusDir = join(DIR, "corpus-src");
    for (const [path, text] of corpusMod.generateCorpus({ entities: 40, perDomain: 10, seed: 5 })
      .files) {
      mkdirSync(join(corpusDir, path, ".."), { recursive: true });
      writeFileSync(join(corpusDir, path), text);
    }
    const corpus = compile(createNodeHost(corpusDir), { dir: "intent" });
    expect(corpus.diagnostics.filter((x) => x.severity === "error")).toEqual([]);
    cases.set("corpus", await prepare(DIR, "corpus", corpus.program!));
  }, 120_000);
  afterAll(() => rmSync(DIR, { recursive: true, force: true }));

  it("on a program using every keyword, with hostile names and enum strings", () => {
    const [accepted, rejected] = differential(cases.get("kitchen")!, 3000);
    expect(accepted).toBeGreaterThan(300);
    expect(rejected).toBeGreaterThan(1000);
  });

  it("on the test fixture", () => {
    const [accepted, rejected] = differential(cases.get("fixture")!, 500);
    expect(accepted).toBeGreaterThan(300);
    expect(rejected).toBeGreaterThan(500);
  });

  it("on the example intent", () => {
    const [accepted, rejected] = differential(cases.get("example")!, 300);
    expect(accepted).toBeGreaterThan(1000);
    expect(rejected).toBeGreaterThan(1000);
  });

  it("on a generated corpus", () => {
    const [accepted, rejected] = differential(cases.get("corpus")!, 100);
    expect(accepted).toBeGreaterThan(1000);
    expect(rejected).toBeGreaterThan(1000);
  });

  it("never lets an inherited member satisfy `required`, even toString", () => {
    const { validateThing } = cases.get("kitchen")!.modules.get("lab")!;
    const valid = { toString: "ab", tags: ["ab"], items: [], color: "red" };
    expect(validateThing(valid).ok).toBe(true);
    const r = validateThing(Object.create(valid));
    expect(r.ok ? [] : r.issues.map((i) => [i.code, i.path])).toEqual([
      ["required", ["toString"]],
      ["required", ["tags"]],
      ["required", ["items"]],
      ["required", ["color"]],
    ]);
    const { toString: _t, ...rest } = valid;
    expect(validateThing(rest).ok).toBe(false);
  });

  it("treats an own `__proto__` key as a plain unknown key", () => {
    const { validateThing } = cases.get("kitchen")!.modules.get("lab")!;
    const r = validateThing(
      JSON.parse('{"toString":"ab","tags":["ab"],"items":[],"color":"red","__proto__":{"x":1}}'),
    );
    expect(r.ok ? [] : r.issues.map((i) => [i.code, i.path])).toEqual([
      ["unknown_key", ["__proto__"]],
    ]);
  });

  it("returns fresh issues: mutating one result changes no later one", () => {
    const c = cases.get("kitchen")!;
    const { validateThing } = c.modules.get("lab")!;
    const ajvThing = ajvOf(c.docs).getSchema(
      "https://intentc.dev/contracts/lab/schemas.json#/$defs/Thing",
    )!;
    // Issues from referenced contracts (tags → Name, items → Even) at nested paths, and duplicates.
    const bad = {
      toString: 1,
      tags: ["ab", 3, "ab"],
      items: [{ n: 3 }, { n: "x", on: 1 }],
      color: "red",
      extra: 1,
    };
    expect(ajvThing(bad)).toBe(false);
    const expected = toIssues(ajvThing.errors ?? []);
    const first = validateThing(bad);
    expect(first.ok ? [] : first.issues).toEqual(expected);
    for (const issue of first.ok ? [] : first.issues) (issue.path as unknown[]).push("mutated");
    const second = validateThing(bad);
    expect(second.ok ? [] : second.issues).toEqual(expected);
  });

  it("is reentrant: a getter validating another value mid-walk changes nothing", () => {
    const c = cases.get("kitchen")!;
    const { validateThing } = c.modules.get("lab")!;
    const plain = { toString: "ab", tags: ["ab", 1], items: [{ n: 1 }], color: "red" };
    const expected = validateThing(plain);
    expect(expected.ok).toBe(false);
    let inner: unknown;
    const tricky = {
      ...plain,
      get color() {
        inner = validateThing({ tags: [[]], items: 1, color: 2 });
        return "red";
      },
    };
    expect(validateThing(tricky)).toEqual(expected);
    expect(inner).toMatchObject({ ok: false });
  });

  // Where intentc follows JSON Schema and ajv does not (documented in runtime/validate.ts).
  it("follows JSON Schema where ajv does not: huge multiples, duplicate '__proto__' strings", () => {
    const c = cases.get("kitchen")!;
    const lab = c.modules.get("lab")!;
    const ajv = ajvOf(c.docs);
    const ajvStep = ajv.getSchema("https://intentc.dev/contracts/lab/schemas.json#/$defs/Step")!;
    expect(ajvStep(1e300)).toBe(false); // ajv: 2e300 !== parseInt(2e300)
    expect(lab.validateStep(1e300).ok).toBe(true);
    expect(lab.validateStep(1e300 + 0.25).ok).toBe(true); // the same double
    expect(lab.validateStep(0.75).ok).toBe(false);
    const thing = {
      toString: "ab",
      tags: ["ab"],
      items: [],
      color: "red",
      words: ["__proto__", "x", "__proto__"],
    };
    const ajvThing = ajv.getSchema("https://intentc.dev/contracts/lab/schemas.json#/$defs/Thing")!;
    expect(ajvThing(thing)).toBe(true); // ajv's `indices` object cannot hold a "__proto__" key
    const r = lab.validateThing(thing);
    expect(r.ok ? [] : r.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      ["duplicate_items", ["words"], { i: 0, j: 2 }],
    ]);
  });
});

describe("compiled pattern matchers", () => {
  const patterns = [
    "^[A-Z]{3}-[0-9]{4}$",
    "^ord_[a-z0-9]{8}$",
    "^[a-c]+x?[0-9]{1,3}$",
    "^\\d*-?[a-z]{0,2}$",
    "^[-a-c]+[.]?$",
    "^a{2,}b*$",
    "^[a-z]+$",
    "^\\$x\\^$",
    "^[+*]?[0-9]{1,4}$",
    "^$",
  ];
  it("compile the simple anchored patterns and leave the rest to re2js", () => {
    for (const p of patterns) expect(patternMatcher(p), p).toBeDefined();
    // Overlapping variable atoms, alternation, groups, dot, unanchored, negated or POSIX classes, lazy.
    for (const p of [
      "^\\d*-?\\w{0,2}$",
      "^[-a-c]+[\\-.]?$",
      "^[a-z]+[a-z0-9]$",
      "^a|b$",
      "^(ab)+$",
      "^a.b$",
      "[a-z]+",
      "^[^a]$",
      "^[[:alpha:]]$",
      "^a+?$",
      "^\\s$",
      "^a\\$",
    ]) {
      expect(patternMatcher(p), p).toBeUndefined();
    }
  });

  it("match exactly like re2js", () => {
    const pieces = fc.constantFrom(
      "a",
      "b",
      "c",
      "x",
      "z",
      "A",
      "Z",
      "0",
      "9",
      "-",
      "_",
      ".",
      "$",
      "^",
      "+",
      "😀",
      "\ud800",
      "é",
      "\n",
    );
    for (const p of patterns) {
      const fast = new Function("$simple", `return ${patternMatcher(p)!};`)(simpleMatcher) as {
        test(s: string): boolean;
      };
      const slow = re2RegExp(p, "u");
      const near = fc.oneof(
        fc.stringMatching(new RegExp(p, "u")),
        fc.array(pieces, { maxLength: 12 }).map((a) => a.join("")),
      );
      fc.assert(
        fc.property(near, (s) => {
          expect(fast.test(s), `${p} on ${JSON.stringify(s)}`).toBe(slow.test(s));
        }),
        { numRuns: 2000, seed: 3 },
      );
    }
  });
});
