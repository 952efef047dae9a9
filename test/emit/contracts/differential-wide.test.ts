/**
 * Differential test of the generated validators against ajv on the shapes that take the object
 * checks' other paths: an object check returns which properties failed (one bit per property up
 * to the 30th, one bit for all later ones, one for the key pass), and the runtime walk visits only
 * those. A 36-field entity (bits 0–29 and the shared bit 30), entity references inside arrays and
 * as plain properties (a check's bits passed through `$ref`), a type naming an entity (a check
 * that returns its target's bits), an inline object inside an array, and a closed object whose
 * properties all fail at once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rmSync } from "node:fs";
import { join } from "node:path";
import type { Field, Program } from "../../../compiler/ir/types.js";
import { at, domain, field, prim, program, ref } from "./fixture.js";
import { differential, prepare, type Case } from "./differential-kit.js";

const DIR = join(import.meta.dirname, "..", "..", "..", "test", ".tmp-differential-wide");

/** 36 fields cycling through scalar kinds, with every third one optional. */
function wideFields(): Field[] {
  const kinds = [
    prim("integer", { minimum: 0, maximum: 9 }),
    prim("string", { pattern: "^[a-c]{2}$" }),
    prim("number", { exclusiveMinimum: 0 }),
    prim("string", { minLength: 1, maxLength: 3 }),
    prim("boolean"),
    ref("Tint", "lab"),
  ];
  return Array.from({ length: 36 }, (_, i) => field(`f${i}`, kinds[i % kinds.length], i % 3 === 2));
}

function wideProgram(): Program {
  const decl = { approvedBreaking: [] as const };
  const entity = (name: string, fields: Field[], line: number) => ({
    ...decl,
    kind: "entity" as const,
    domain: "lab",
    name,
    key: "id",
    loc: at(line),
    fields: [field("id", prim("string", { pattern: "^[a-z]{2}$" })), ...fields],
  });
  return program(
    domain("lab", {
      types: [
        {
          ...decl,
          kind: "type",
          domain: "lab",
          name: "Tint",
          type: { kind: "enum", values: ["red", "blue"] },
          loc: at(3),
        },
        {
          ...decl,
          kind: "type",
          domain: "lab",
          name: "PartRef",
          type: ref("Part", "lab", "entity"),
          loc: at(4),
        },
      ],
      entities: [
        entity("Wide", wideFields(), 10),
        entity(
          "Part",
          [
            field("n", prim("integer", { minimum: 1, maximum: 3 })),
            field("on", prim("boolean"), true),
          ],
          11,
        ),
        entity(
          "Holder",
          [
            field("parts", { kind: "array", items: ref("Part", "lab", "entity"), maxItems: 3 }),
            field("main", ref("Part", "lab", "entity")),
            field("spare", ref("PartRef", "lab"), true),
            field("pairs", {
              kind: "array",
              items: {
                kind: "object",
                fields: [field("a", prim("integer")), field("b", ref("Tint", "lab"))],
              },
              maxItems: 2,
            }),
            field("note", prim("string", { maxLength: 4 }), true),
          ],
          12,
        ),
      ],
    }),
  );
}

describe("generated validators agree with ajv on wide and nested objects", () => {
  let wide: Case;
  beforeAll(async () => {
    wide = await prepare(DIR, "wide", wideProgram());
  }, 120_000);
  afterAll(() => rmSync(DIR, { recursive: true, force: true }));

  it("on random values near every contract", () => {
    const [accepted, rejected] = differential(wide, 1500);
    expect(accepted).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(1500);
  });

  it("walks a property past the 30th and every property of an all-wrong object", () => {
    const { validateWide, validateHolder } = wide.modules.get("lab")!;
    const valid: Record<string, unknown> = { id: "ab" };
    for (const f of wideFields()) {
      if (f.optional) continue;
      const i = Number(f.name.slice(1));
      valid[f.name] = [1, "ab", 0.5, "x", true, "red"][i % 6];
    }
    expect(validateWide(valid).ok).toBe(true);
    const r = validateWide({ ...valid, f33: 1, f34: "x", extra: 1 });
    expect(r.ok ? [] : r.issues.map((i) => [i.code, i.path])).toEqual([
      ["unknown_key", ["extra"]],
      ["invalid_type", ["f33"]],
      ["invalid_type", ["f34"]],
    ]);
    const h = validateHolder({ id: 1, parts: [{ id: "ab", n: 9 }], main: 2, pairs: [{ a: 1 }] });
    expect(h.ok ? [] : h.issues.map((i) => [i.code, i.path])).toEqual([
      ["invalid_type", ["id"]],
      ["too_big", ["parts", 0, "n"]],
      ["invalid_type", ["main"]],
      ["required", ["pairs", 0, "b"]],
    ]);
  });
});
