/**
 * The differential harness of the generated validators against ajv (differential*.test.ts): ajv
 * with the options the validators mean (strict, allErrors, unicodeRegExp, ownProperties; patterns
 * on native RegExp), random values near each contract, and the comparison of accept/reject and of
 * the issues a rejected value carries.
 */
import { expect } from "vitest";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import Ajv2020Module from "ajv/dist/2020.js";
import { validatorsEmitter } from "../../../compiler/emit/validators.js";
import { contractModel } from "../../../compiler/emit/contracts/model.js";
import { domainSchema, pruneUndefined } from "../../../compiler/emit/contracts/schema.js";
import type { Program } from "../../../compiler/ir/types.js";
import { fc } from "../../../compiler/testing/arbitraries.js";
import { toIssues, type AjvErrorLike, type Result } from "../../../runtime/index.js";
import { writeTree } from "./fixture.js";

export type Schema = Record<string, unknown>;
export type Validate = (v: unknown) => Result<unknown>;
type AjvFn = ((v: unknown) => boolean) & { errors?: AjvErrorLike[] | null };
const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ??
  Ajv2020Module) as unknown as new (o: object) => {
  addSchema(s: object): void;
  getSchema(uri: string): AjvFn | undefined;
};

/** A program's contract documents, as json-schema emits them. */
export function documents(p: Program): Map<string, Schema> {
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
export function near(
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

export function plausible(
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
export function ajvQuirk(
  schema: Schema,
  docs: ReadonlyMap<string, Schema>,
  value: unknown,
): boolean {
  const text = JSON.stringify(value, (_k, v) =>
    typeof v === "number" && Math.abs(v) >= 1e15 ? "HUGE" : v,
  );
  return (
    text?.includes("HUGE") === true && JSON.stringify([...docs.values()]).includes("multipleOf")
  );
}

export interface Case {
  readonly name: string;
  readonly docs: Map<string, Schema>;
  readonly modules: Map<string, Record<string, Validate>>;
}

/** Emits the validators of `p` under `dir/name` and imports them. */
export async function prepare(dir: string, name: string, p: Program): Promise<Case> {
  const docs = documents(p);
  const files = validatorsEmitter.emit(p, { report: () => {}, options: {} });
  expect(files.size).toBe(2 * docs.size);
  writeTree(join(dir, name), files);
  // The generated modules import @intentc/runtime; the types they reference are not needed.
  const modules = new Map<string, Record<string, Validate>>();
  for (const d of docs.keys()) {
    modules.set(
      d,
      (await import(pathToFileURL(join(dir, name, `contracts/${d}/validators.js`)).href)) as Record<
        string,
        Validate
      >,
    );
  }
  return { name, docs, modules };
}

export function ajvOf(docs: ReadonlyMap<string, Schema>) {
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
export function differential(c: Case, runs: number): [number, number] {
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
