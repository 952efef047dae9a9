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
import Ajv2020Module from "ajv/dist/2020.js";
import { validatorsEmitter } from "../../../compiler/emit/validators.js";
import { contractModel } from "../../../compiler/emit/contracts/model.js";
import { domainSchema, pruneUndefined } from "../../../compiler/emit/contracts/schema.js";
import { compile } from "../../../compiler/program.js";
import { createNodeHost } from "../../../compiler/host.js";
import type { Program } from "../../../compiler/ir/types.js";
import { fc } from "../../../compiler/testing/arbitraries.js";
import { re2RegExp, simpleMatcher } from "../../../runtime/re2.js";
import { patternMatcher } from "../../../compiler/emit/contracts/patterns.js";
import { toIssues, type AjvErrorLike, type Result } from "../../../runtime/index.js";
import { at, domain, field, prim, program, ref, shopProgram, writeTree } from "./fixture.js";

type Schema = Record<string, unknown>;
type Validate = (v: unknown) => Result<unknown>;
type AjvFn = ((v: unknown) => boolean) & { errors?: AjvErrorLike[] | null };
const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ??
  Ajv2020Module) as unknown as new (o: object) => {
  addSchema(s: object): void;
  getSchema(uri: string): AjvFn | undefined;
};

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

/** A program's contract documents, as json-schema emits them. */
function documents(p: Program): Map<string, Schema> {
  const model = contractModel(p);
  expect(model.diagnostics).toEqual([]);
  return new Map(
    model.domains.map((dc) => [dc.domain.name, pruneUndefined(domainSchema(dc, p)) as Schema]),
  );
}

const SPECIAL = [
  null,
  true,
  false,
  0,
  -0,
  1,
  -1,
  1.5,
  NaN,
  Infinity,
  -Infinity,
  1e21,
  -1e300,
  2 ** 53,
  "",
  "x",
  "😀",
  [],
  {},
  [1, 1],
];

/** Random values near a schema: mostly plausible, often broken. */
function near(
  schema: Schema,
  docs: ReadonlyMap<string, Schema>,
  from: string,
  depth = 0,
): fc.Arbitrary<unknown> {
  if (typeof schema.$ref === "string") {
    const m = /^(?:\.\.\/([^/]+)\/schemas\.json)?#\/\$defs\/(.+)$/.exec(schema.$ref)!;
    const d = m[1] ?? from;
    const target = (docs.get(d)!.$defs as Record<string, Schema>)[m[2]];
    return near(target, docs, d, depth + 1);
  }
  const anything = fc.oneof(
    fc.constantFrom(...SPECIAL),
    fc.double(),
    fc.integer(),
    fc.string({ maxLength: 6 }),
    fc.object({ maxDepth: 1 }),
  );
  return fc.oneof(
    { weight: 1, arbitrary: anything },
    { weight: 6, arbitrary: plausible(schema, docs, from, depth) },
  );
}

function plausible(
  schema: Schema,
  docs: ReadonlyMap<string, Schema>,
  from: string,
  depth: number,
): fc.Arbitrary<unknown> {
  const n = (k: string) => schema[k] as number | undefined;
  switch (schema.type) {
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "integer":
    case "number": {
      const edges = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"].flatMap((k) => {
        const v = n(k);
        return v === undefined ? [] : [v, v - 1, v + 1, v - 0.25, v + 0.25, v + 1e-9];
      });
      const m = n("multipleOf");
      const multiples = m === undefined ? [] : [m, 2 * m, 3 * m, -m, m / 2, m * 1e6];
      return fc.oneof(
        fc.constantFrom(0, -0, 1, -1, 0.5, NaN, Infinity, ...edges, ...multiples),
        fc.integer({ min: -200, max: 200 }),
        fc.double({ min: -200, max: 200 }),
      );
    }
    case "string": {
      if (Array.isArray(schema.enum)) {
        const values = schema.enum as string[];
        return fc.oneof(
          fc.constantFrom(...values),
          fc.constantFrom(...values).map((v) => `${v} `),
          fc.constantFrom("toString", "__proto__", "", 1),
        );
      }
      const lens = [n("minLength"), n("maxLength")]
        .filter((v): v is number => v !== undefined)
        .flatMap((v) => [v - 1, v, v + 1])
        .filter((v) => v >= 0);
      const pieces = fc.constantFrom(
        "a",
        "b",
        "c",
        "x",
        "z",
        "0",
        "9",
        "A",
        "-",
        "_",
        "😀",
        "\ud800",
        "é",
        "\n",
      );
      const sized = fc.oneof(
        ...[0, 1, 3, ...lens].map((k) =>
          fc.array(pieces, { minLength: k, maxLength: k }).map((a) => a.join("")),
        ),
      );
      if (typeof schema.pattern !== "string") return sized;
      const matching = fc.stringMatching(new RegExp(schema.pattern, "u"), { size: "small" });
      const mutated = fc
        .tuple(matching, pieces, fc.nat(12))
        .map(([s, c, i]) => s.slice(0, i) + c + s.slice(i + 1));
      return fc.oneof(matching, mutated, sized);
    }
    case "array": {
      const items = near(schema.items as Schema, docs, from, depth + 1);
      const max = (n("maxItems") ?? 3) + 1;
      return fc.oneof(
        fc.array(items, { maxLength: depth > 3 ? 1 : max }),
        fc.array(items, { minLength: 1, maxLength: 2 }).map((a) => [...a, a[0]]),
      );
    }
    case "object": {
      const props = Object.entries(schema.properties as Record<string, Schema>);
      const required = new Set(schema.required as string[]);
      const entries = props.map(([k, s]) =>
        fc.oneof(
          {
            weight: required.has(k) ? 8 : 3,
            arbitrary: near(s, docs, from, depth + 1).map((v) => [k, v] as const),
          },
          { weight: 1, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: fc.constant([k, undefined] as const) },
        ),
      );
      const extra = fc.option(fc.constantFrom("extra", "toString", "0", "a/b", "~"), { freq: 4 });
      return fc.tuple(fc.tuple(...entries), extra, fc.nat(9)).map(([es, x, how]) => {
        const own = Object.fromEntries(es.filter((e) => e !== undefined));
        if (x !== null) own[x] = 1;
        if (how === 0) return Object.assign(Object.create(own), {}); // every property inherited
        if (how === 1) return [own];
        return own;
      });
    }
    default:
      throw new Error(`no generator for ${JSON.stringify(schema)}`);
  }
}

/** Where ajv is knowingly wrong and intentc follows JSON Schema (see runtime/validate.ts). */
function ajvQuirk(schema: Schema, docs: ReadonlyMap<string, Schema>, value: unknown): boolean {
  const text = JSON.stringify(value, (_k, v) =>
    typeof v === "number" && Math.abs(v) >= 1e15 ? "HUGE" : v,
  );
  return (
    text?.includes("HUGE") === true && JSON.stringify([...docs.values()]).includes("multipleOf")
  );
}

interface Case {
  readonly name: string;
  readonly docs: Map<string, Schema>;
  readonly modules: Map<string, Record<string, Validate>>;
}

async function prepare(name: string, p: Program): Promise<Case> {
  const docs = documents(p);
  const files = validatorsEmitter.emit(p, { report: () => {}, options: {} });
  expect(files.size).toBe(2 * docs.size);
  writeTree(join(DIR, name), files);
  // The generated modules import @intentc/runtime; the types they reference are not needed.
  const modules = new Map<string, Record<string, Validate>>();
  for (const d of docs.keys()) {
    modules.set(
      d,
      (await import(pathToFileURL(join(DIR, name, `contracts/${d}/validators.js`)).href)) as Record<
        string,
        Validate
      >,
    );
  }
  return { name, docs, modules };
}

function ajvOf(docs: ReadonlyMap<string, Schema>) {
  const ajv = new Ajv2020({
    strict: true,
    allErrors: true,
    unicodeRegExp: true,
    ownProperties: true,
  });
  for (const doc of docs.values()) ajv.addSchema(doc);
  return ajv;
}

/** Check every contract of a case on `runs` random values each; `[accepted, rejected]` counts. */
function differential(c: Case, runs: number): [number, number] {
  const ajv = ajvOf(c.docs);
  let rejected = 0;
  let accepted = 0;
  for (const [d, doc] of c.docs) {
    const mod = c.modules.get(d)!;
    for (const [def, schema] of Object.entries(doc.$defs as Record<string, Schema>)) {
      const fn = ajv.getSchema(`${doc.$id as string}#/$defs/${def}`)!;
      const mine = mod[`validate${def}`];
      fc.assert(
        fc.property(near(schema, c.docs, d), (value) => {
          if (ajvQuirk(schema, c.docs, value)) return;
          const got = mine(value);
          let expected: boolean;
          try {
            expected = fn(value);
          } catch {
            // ajv's deep equality calls an own `toString`/`valueOf` member (`{ toString: 1 }` throws);
            // intentc's never calls into the value.
            return;
          }
          expect(got.ok, `${c.name} ${d}.${def} on ${String(JSON.stringify(value))}`).toBe(
            expected,
          );
          if (got.ok) {
            accepted++;
            expect(got.value).toBe(value);
          } else {
            rejected++;
            expect(got.issues).toEqual(toIssues(fn.errors ?? []));
          }
        }),
        { numRuns: runs, seed: 7 },
      );
    }
  }
  return [accepted, rejected];
}

describe("generated validators agree with ajv", () => {
  const cases = new Map<string, Case>();
  beforeAll(async () => {
    cases.set("kitchen", await prepare("kitchen", kitchenProgram()));
    cases.set("fixture", await prepare("fixture", shopProgram()));
    const example = compile(createNodeHost(ROOT), { dir: "intent" });
    cases.set("example", await prepare("example", example.program!));
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
    cases.set("corpus", await prepare("corpus", corpus.program!));
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
