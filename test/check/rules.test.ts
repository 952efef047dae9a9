/** Semantic rules on hand-built Programs, and the glob helpers behind the scope rules. */
import { describe, expect, it } from "vitest";
import { checkProgram } from "../../compiler/check/index.js";
import { globsOverlap, scopeProblem } from "../../compiler/check/slices.rule.js";
import { re2Error } from "../../compiler/check/types.rule.js";
import type {
  Domain,
  Entity,
  Loc,
  Machine,
  Program,
  Slice,
  State,
  TypeDecl,
  TypeExpr,
} from "../../compiler/ir/types.js";
import { compile } from "../../compiler/program.js";
import { createMemoryHost, createNodeHost } from "../../compiler/host.js";

let line = 0;
const at = (): Loc => {
  line++;
  return { file: "intent/shop.intent.yaml", line, column: 3, endLine: line, endColumn: 4 };
};
const ref = (name: string): TypeExpr => ({
  kind: "ref",
  target: "type",
  ref: { domain: "shop", name },
});
const typeDecl = (name: string, type: TypeExpr): TypeDecl => ({
  kind: "type",
  domain: "shop",
  name,
  type,
  approvedBreaking: [],
  loc: at(),
});
const state = (name: string, on: [string, string, boolean?][], final = false): State => ({
  name,
  final,
  transitions: on.map(([event, to, guarded]) => ({
    event: { domain: "shop", name: event },
    to,
    set: [],
    ...(guarded ? { guard: { source: "true", loc: at(), contentLine: 1, contentColumn: 1 } } : {}),
    loc: at(),
  })),
  loc: at(),
});
const slice = (name: string, writes: string[], risk = "low"): Slice => ({
  kind: "slice",
  domain: "shop",
  name,
  says: "",
  implements: [],
  uses: [],
  writes,
  reads: [],
  risk,
  tools: [],
  network: [],
  budgetTokens: 8000,
  approvedBreaking: [],
  loc: at(),
});

function program(part: Partial<Domain>, riskTiers: Program["riskTiers"] = []): Program {
  const domain: Domain = {
    name: "shop",
    version: "1.0.0",
    owners: [],
    file: "intent/shop.intent.yaml",
    loc: at(),
    types: [],
    entities: [],
    events: [],
    machines: [],
    invariants: [],
    apis: [],
    flows: [],
    slices: [],
    ...part,
  };
  return {
    system: { name: "s", version: "1.0.0" },
    domains: [domain],
    riskTiers,
    gates: [],
    files: [],
  };
}
const codes = (p: Program) => checkProgram(p).map((d) => `${d.code} ${d.message}`);

describe("types rule", () => {
  it("reports a cycle once, at its first declaration, with the path", () => {
    const p = program({
      types: [
        typeDecl("A", ref("B")),
        typeDecl("B", { kind: "array", items: ref("C") }),
        typeDecl("C", ref("A")),
        typeDecl("D", ref("A")),
      ],
    });
    expect(codes(p)).toEqual(["IC3001 Type 'A' refers to itself through A → B → C → A."]);
  });

  it("reports a type that refers to itself directly", () => {
    expect(
      codes(
        program({
          types: [
            typeDecl("Self", {
              kind: "object",
              fields: [{ name: "next", type: ref("Self"), optional: true, loc: at() }],
            }),
          ],
        }),
      ),
    ).toEqual(["IC3001 Type 'Self' refers to itself through Self → Self."]);
  });

  it("handles a long chain without recursion limits", () => {
    const types = Array.from({ length: 20_000 }, (_, i) =>
      typeDecl(`T${i}`, i === 19_999 ? ref("T0") : ref(`T${i + 1}`)),
    );
    const diags = checkProgram(program({ types }));
    expect(diags.map((d) => d.code)).toEqual(["IC3001"]);
  });

  it("reports impossible bounds and non-RE2 patterns", () => {
    const prim = (constraints: object): TypeExpr => ({
      kind: "primitive",
      name: "integer",
      constraints,
    });
    const p = program({
      types: [
        typeDecl("Open", prim({ exclusiveMinimum: 5, exclusiveMaximum: 5 })),
        typeDecl("Fine", prim({ minimum: 5, maximum: 5 })),
        typeDecl("Pat", { kind: "primitive", name: "string", constraints: { pattern: "(a)\\1" } }),
      ],
    });
    expect(codes(p)).toEqual([
      "IC3002 'exclusiveMinimum' is greater than 'exclusiveMaximum' (5 > 5): no value can satisfy 'Open'.",
      "IC3003 Pattern '(a)\\1' of 'Pat' is not a valid RE2 regular expression: invalid escape sequence: `\\1`.",
    ]);
    expect(re2Error("^(a+)+$")).toBeUndefined();
  });
});

describe("machines rule", () => {
  const entity: Entity = {
    kind: "entity",
    domain: "shop",
    name: "Order",
    approvedBreaking: [],
    loc: at(),
    fields: [
      {
        name: "status",
        type: { kind: "state", machine: { domain: "shop", name: "M" } },
        optional: false,
        loc: at(),
      },
    ],
  };
  const machine = (initial: string, states: State[]): Machine => ({
    kind: "machine",
    domain: "shop",
    name: "M",
    entity: { domain: "shop", name: "Order" },
    initial,
    init: [],
    states,
    approvedBreaking: [],
    loc: at(),
  });

  it("finds unreachable states by graph search from the initial state, ignoring guards", () => {
    const m = machine("a", [
      state("a", [["go", "b", true]]),
      state("b", [["go", "a"]]),
      state("c", [["go", "a"]]),
      state("d", [], true),
    ]);
    expect(codes(program({ entities: [entity], machines: [m] }))).toEqual([
      "IC3104 State 'c' of machine 'M' cannot be reached from the initial state 'a'.",
      "IC3104 State 'd' of machine 'M' cannot be reached from the initial state 'a'.",
    ]);
  });

  it("reports a shadowed transition only after an unguarded one on the same event", () => {
    const m = machine("a", [
      state("a", [
        ["go", "a", true],
        ["go", "b"],
        ["go", "a", true],
        ["stop", "b"],
      ]),
      state("b", [], true),
    ]);
    expect(codes(program({ entities: [entity], machines: [m] }))).toEqual([
      "IC3108 Transition on 'go' in state 'a' can never be taken: an earlier transition on the same event has no guard.",
    ]);
  });
});

describe("slices rule", () => {
  it.each([
    ["services/orders/**", undefined],
    ["src/**/*.ts", undefined],
    ["./src/a.ts", "not-canonical"],
    ["src//feature/**", "not-canonical"],
    ["src/feature/", "not-canonical"],
    ["src/./feature/**", "not-canonical"],
    ["src/CON/**", "alias"],
    ["src/nul.txt", "alias"],
    ["src/feature./**", "alias"],
    ["src/feature /**", "alias"],
    ["src/file::$DATA", "alias"],
    ["src/PROGRA~1/**", "alias"],
    ["src/a:b", "alias"],
    ["src/caf\u00e9\u200b/**", "alias"],
    ["src/{x,aux}/**", "alias"],
    ["src/" + "?*".repeat(120), undefined],
    ["src/" + "a".repeat(300) + "/**", "too-complex"],
    ["src/{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}/**", "too-complex"],
    [".GIT/hooks/post-checkout", "control"],
    ["src/.GITIGNORE", "control"],
    ["docs/Agents.MD", "control"],
    ["GEMINI.md", "control"],
    ["src/CLAUDE.local.md", "control"],
    [".codex/config.toml", "control"],
    [".devcontainer/devcontainer.json", "control"],
    [".cursorrules", "control"],
    [".clinerules", "control"],
    [".windsurfrules", "control"],
    [".vscode/settings.json", "control"],
    [".husky/pre-commit", "control"],
    [".github/workflows/ci.yml", "control"],
    ["../**", "escapes"],
    ["src/../../x", "escapes"],
    ["/etc/**", "escapes"],
    ["~/x", "escapes"],
    ["src\\x", "escapes"],
    ["C:/x", "escapes"],
    ["!src/**", "negated"],
    ["**", "too-broad"],
    ["*", "too-broad"],
    ["**/*", "too-broad"],
    ["{src,lib}/**", "too-broad"],
    ["", "too-broad"],
    ["intent/**", "control"],
    ["Generated/x.ts", "control"],
    [".claude/settings.json", "control"],
    ["services/x/.git/config", "control"],
    ["src/+(a)/**", "unsupported"],
  ])("classifies scope %j as %s", (glob, kind) => {
    expect(scopeProblem(glob)?.kind).toBe(kind);
  });

  it.each([
    ["src/shared/**", "src/shared/**", true],
    ["src/**", "src/shared/x.ts", true],
    ["src/a/**", "src/b/**", false],
    ["src/*.ts", "src/*.js", false],
    ["src/*.ts", "src/api.*", true],
    ["src/*/api.ts", "src/orders/**", true],
    ["src/*/api.ts", "src/orders/db.ts", false],
    ["src/**/*.ts", "src/x/y/z.ts", true],
    ["src/**/*.ts", "src/x/y/z.js", false],
    ["src/*.{ts,tsx}", "src/a.tsx", true],
    ["src/a", "src/a/b", false],
    ["lib/**", "src/**", false],
    ["lib/feature/**", "LIB/Feature/**", true],
    ["src/caf\u00e9/**", "src/cafe\u0301/**", true],
    ["src/Feature/*.TS", "src/feature/a.ts", true],
  ])("decides overlap of %j and %j: %s", (a, b, expected) => {
    expect(globsOverlap(a, b)).toBe(expected);
    expect(globsOverlap(b, a)).toBe(expected);
  });

  it("reports each overlapping pair once and a tier without gates", () => {
    const p = program(
      {
        slices: [
          slice("a", ["src/a/**", "src/shared/**"]),
          slice("b", ["src/b/**"]),
          slice("c", ["src/shared/x.ts"], "none"),
        ],
      },
      [
        { name: "low", approvals: 0, retries: 1, gates: ["test"], loc: at() },
        { name: "none", approvals: 0, retries: 1, gates: [], loc: at() },
      ],
    );
    expect(codes(p)).toEqual([
      "IC3206 Slice 'c' has risk tier 'none', which runs no gates.",
      "IC3205 Write scope 'src/shared/x.ts' of slice 'c' overlaps write scope 'src/shared/**' of slice 'a'.",
    ]);
  });
});

describe("precise positions from the loaded files", () => {
  it("points at the offending glob, pattern and initial state when checkProgram gets the files", () => {
    const text = `intent: 1
domain: shop
version: 1.0.0
types:
  Code: { type: string, pattern: "(?=x)" }
slices:
  a-service: { says: A, writes: ["src/a/**", "../x"], risk: low }
  b-service: { says: B, writes: ["lib/**", "src/a/b.ts"], risk: low }
`;
    const result = compile(createMemoryHost({ "intent/shop.intent.yaml": text }), {
      dir: "intent",
    });
    const diags = checkProgram(result.program!, result.files).map(
      (d) => `${d.line}:${d.column} ${d.code}`,
    );
    // No system file: tier 'low' runs no gates (IC3210, at each `risk:`).
    expect(diags).toEqual([
      "5:34 IC3003",
      "7:46 IC3201",
      "8:44 IC3205",
      "7:61 IC3210",
      "8:65 IC3210",
    ]);
    // Without the files, the same diagnostics sit at the declarations.
    expect(checkProgram(result.program!).map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual([
      "5:3 IC3003",
      "7:3 IC3201",
      "8:3 IC3205",
      "7:3 IC3210",
      "8:3 IC3210",
    ]);
  });
});

describe("the example intent", () => {
  it("compiles with no check diagnostics", () => {
    const result = compile(createNodeHost(new URL("../../", import.meta.url).pathname), {
      dir: "intent",
    });
    expect(result.program?.domains.length).toBeGreaterThan(0);
    expect(
      result.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`),
    ).toEqual([]);
    expect(checkProgram(result.program!)).toEqual([]);
  });
});

describe("initial values (IC3109) and unquoted enum values in init", () => {
  const files = (init: string): Record<string, string> => ({
    "intent/system.intent.yaml": "intent: 1\nsystem: s\nversion: 1.0.0\n",
    "intent/lib.intent.yaml": [
      "intent: 1",
      "domain: lib",
      "version: 1.0.0",
      "types:",
      "  Fines: { type: integer, minimum: 0, maximum: 100 }",
      "  Dir: { enum: [north, south, west] }",
      "entities:",
      "  Member:",
      "    fields:",
      "      finesOwed: Fines",
      "      dir: Dir",
      "      status: Membership",
      "events:",
      "  pay: {}",
      "machines:",
      "  Membership:",
      "    entity: Member",
      "    initial: active",
      `    init: ${init}`,
      "    states:",
      "      active:",
      "        on:",
      '          pay: { set: { finesOwed: "0" } }',
      "",
    ].join("\n"),
  });
  const report = (init: string) =>
    compile(createMemoryHost(files(init)), { dir: "intent" }).diagnostics.map(
      (d) => `${d.line}:${d.column} ${d.code} ${d.message}${d.hint ? ` | ${d.hint}` : ""}`,
    );

  it("check reports a value outside the field's range at the init value", () => {
    expect(report("{ finesOwed: -5 }")).toEqual([
      "19:24 IC3109 Initial value of 'finesOwed' in machine 'Membership' does not fit its type: -5 is below the minimum 0. | Change the initial value, or the field's type constraint.",
    ]);
    expect(report("{ finesOwed: 2.5 }")).toEqual([
      "19:24 IC3109 Initial value of 'finesOwed' in machine 'Membership' does not fit its type: 2.5 is not an integer. | Change the initial value, or the field's type constraint.",
    ]);
    expect(report('{ finesOwed: "100 + 1" }')[0]).toContain(
      "IC3109 Initial value of 'finesOwed' in machine 'Membership' does not fit its type: 101 is above the maximum 100.",
    );
    expect(report("{ finesOwed: 100, dir: \"'west'\" }")).toEqual([]);
  });

  it("a wrong kind of value stays the expression checker's (one diagnostic, not two)", () => {
    const got = report("{ finesOwed: \"'x'\" }");
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(/IC4009/);
  });

  it("an unquoted enum value gets the quote-it hint; another bare name keeps the constant hint", () => {
    expect(report("{ dir: west }")).toEqual([
      "19:18 IC4003 Unknown name 'west' in expression. | 'west' is a value of the field's type: quote it: `\"'west'\"`.",
    ]);
    expect(report("{ dir: wset }")).toEqual([
      "19:18 IC4003 Unknown name 'wset' in expression. | Initial values (`init`) are constant expressions; they cannot read fields or the event.",
    ]);
  });
});
