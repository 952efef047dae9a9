/** Shape check: ajv errors on the meta-schema become one precise diagnostic per mistake. */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkShape, pathText, toYamlPath } from "../../compiler/load/shape.js";
import { loadYaml } from "../../compiler/load/yaml.js";
import { metaSchema } from "../../compiler/load/meta-schema.js";
import { intentSchemaEmitter } from "../../compiler/emit/intent-schema.js";
import { stableJson } from "../../compiler/emit/code.js";

const HEADER = "intent: 1\ndomain: shop\nversion: 1.0.0\n";

function shape(text: string) {
  const [file, loadDiags] = loadYaml("intent/shop.intent.yaml", text);
  expect(loadDiags).toEqual([]);
  return checkShape(file).map((d) => ({
    code: d.code,
    line: d.line,
    column: d.column,
    message: d.message,
    hint: d.hint,
  }));
}

describe("checkShape", () => {
  it("accepts every file of the example intent", () => {
    const dir = new URL("../../intent/", import.meta.url);
    const names = readdirSync(dir).filter((n) => n.endsWith(".intent.yaml"));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const [file] = loadYaml(`intent/${name}`, readFileSync(new URL(name, dir), "utf8"));
      expect(checkShape(file), name).toEqual([]);
    }
  });

  it("reports an unknown property at its key, with a did-you-mean hint from the schema", () => {
    expect(shape(`${HEADER}types:\n  Money: { type: integer, maximun: 5 }\n`)).toEqual([
      {
        code: "IC1101",
        line: 5,
        column: 27,
        message: "Unknown property 'maximun' in type 'types.Money'.",
        hint: "Did you mean 'maximum'?",
      },
    ]);
  });

  it("reports a missing property at the parent's key", () => {
    expect(shape(`${HEADER}api:\n  ShopApi:\n    description: x\n`)).toMatchObject([
      {
        code: "IC1102",
        line: 5,
        column: 3,
        message: "Missing required property 'operations' in API 'api.ShopApi'.",
      },
    ]);
  });

  it("reports one wrong-type diagnostic for a value of the wrong kind, not one per schema branch", () => {
    expect(shape(`${HEADER}types:\n  Money: 5\n  Sku: [a]\n`)).toMatchObject([
      {
        code: "IC1103",
        line: 5,
        column: 10,
        message: "Expected a string or a mapping at 'types.Money'.",
      },
      {
        code: "IC1103",
        line: 6,
        column: 8,
        message: "Expected a string or a mapping at 'types.Sku'.",
      },
    ]);
  });

  it("chooses the type form by its discriminating key", () => {
    expect(
      shape(
        `${HEADER}types:\n  A: { enum: [a], minimum: 1 }\n  B: { type: array }\n  C: { fields: { x: string }, type: string }\n`,
      ),
    ).toMatchObject([
      {
        code: "IC1101",
        line: 5,
        column: 19,
        message: "Unknown property 'minimum' in enum type 'types.A'.",
      },
      {
        code: "IC1102",
        line: 6,
        column: 3,
        message: "Missing required property 'items' in array type 'types.B'.",
      },
      {
        code: "IC1101",
        line: 7,
        column: 31,
        message: "Unknown property 'type' in inline object type 'types.C'.",
      },
    ]);
  });

  it("checks transitions in all three spellings: name, object and list", () => {
    const text = `${HEADER}machines:
  M:
    entity: E
    initial: a
    states:
      a:
        on:
          x: 3
          y: { to: 1-bad }
          z: [{ to: a, when: "x" }]
`;
    expect(shape(text)).toMatchObject([
      {
        code: "IC1103",
        line: 11,
        column: 14,
        message: "Expected a string, a mapping or a list at 'machines.M.states.a.on.x'.",
      },
      { code: "IC1105", line: 12, column: 20, message: "'1-bad' is not a valid state name." },
      {
        code: "IC1101",
        line: 13,
        column: 24,
        message: "Unknown property 'when' in transition 'machines.M.states.a.on.z[0]'.",
      },
    ]);
  });

  it("reports invalid names at the key and says what kind of name", () => {
    expect(
      shape(`${HEADER}entities:\n  Order:\n    fields:\n      total-amount: integer\n`),
    ).toMatchObject([
      { code: "IC1105", line: 7, column: 7, message: "'total-amount' is not a valid field name." },
    ]);
  });

  it("explains a version that YAML read as a number", () => {
    expect(shape("intent: 1\ndomain: shop\nversion: 1.2\n")).toMatchObject([
      {
        code: "IC1104",
        line: 3,
        column: 10,
        message:
          "Invalid value at 'version': '1.2': expected a semantic version MAJOR.MINOR.PATCH such as 1.2.0.",
      },
    ]);
  });

  it("tells the system file from domain files by the system key", () => {
    expect(
      shape(
        "intent: 1\nsystem: shop\nversion: 1.0.0\ngates:\n  t: { stage: lint, command: [x] }\n",
      ),
    ).toMatchObject([
      {
        code: "IC1104",
        line: 5,
        column: 15,
        message: "Invalid value at 'gates.t.stage': 'lint' is not one of static, test.",
      },
    ]);
    expect(shape(`${HEADER}gates: {}\n`)).toMatchObject([{ code: "IC1101", line: 4, column: 1 }]);
  });

  it("reports an unsupported format version at the value", () => {
    expect(shape("intent: 3\ndomain: shop\nversion: 1.0.0\n")).toMatchObject([
      { code: "IC1106", line: 1, column: 9 },
    ]);
  });
});

describe("YAML paths", () => {
  it("turns JSON pointers into YAML paths with numeric indexes and unescaped keys", () => {
    const value = { flows: { "a/b~c": { steps: ["x", "y"] } } };
    expect(toYamlPath(value, "/flows/a~1b~0c/steps/1")).toEqual(["flows", "a/b~c", "steps", 1]);
    expect(pathText(["flows", "checkout", "steps", 2])).toBe("flows.checkout.steps[2]");
    expect(toYamlPath(value, "")).toEqual([]);
  });
});

describe("intent-schema emitter", () => {
  it("publishes the meta-schema as intent.schema.json, deterministically", () => {
    const ctx = { report: () => {}, options: {} };
    const program = {
      system: { name: "s", version: "1.0.0" },
      domains: [],
      riskTiers: [],
      gates: [],
      files: [],
    };
    const a = intentSchemaEmitter.emit(program, ctx);
    const b = intentSchemaEmitter.emit(program, ctx);
    expect([...a.keys()]).toEqual(["intent.schema.json"]);
    expect(a.get("intent.schema.json")).toBe(b.get("intent.schema.json"));
    expect(a.get("intent.schema.json")).toBe(stableJson(metaSchema));
    const parsed = JSON.parse(a.get("intent.schema.json")!) as Record<string, unknown>;
    expect(parsed.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
  });

  it("documents every property for editors (description and markdownDescription)", () => {
    const missing: string[] = [];
    const visit = (node: unknown, path: string) => {
      // `if` schemas only discriminate; they are never shown to users.
      if (node === null || typeof node !== "object" || path.endsWith("/if")) return;
      const props = (node as { properties?: Record<string, Record<string, unknown>> }).properties;
      for (const [key, schema] of Object.entries(props ?? {})) {
        const documented = (s: Record<string, unknown>) =>
          typeof s.description === "string" && typeof s.markdownDescription === "string";
        if (!documented(schema) && !("$ref" in schema)) missing.push(`${path}.${key}`);
      }
      for (const [k, v] of Object.entries(node)) visit(v, `${path}/${k}`);
    };
    visit(metaSchema, "#");
    expect(missing).toEqual([]);
  });
});
