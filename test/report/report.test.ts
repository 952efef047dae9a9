import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import Ajv4 from "ajv-draft-04";
import { renderDiagnostics } from "../../compiler/report/index.js";
import { codeFrame } from "../../compiler/report/code-frame.js";
import { createDiagnostic } from "../../compiler/diagnostics.js";
import type { Diagnostic } from "../../compiler/diagnostic.js";

const loc = (line: number, column: number, endColumn: number) => ({
  file: "intent/a.intent.yaml",
  line,
  column,
  endLine: line,
  endColumn,
});
const SOURCE = "intent: 1\ndomain: a\ntypes:\n  Price: Mony\n";
const diags: Diagnostic[] = [
  createDiagnostic("unknown-type", { name: "Mony" }, loc(4, 10, 14), {
    hint: "Did you mean 'Money'?",
  }),
  createDiagnostic("duplicate-name", { name: "x", domain: "a" }, loc(2, 1, 7), {
    related: [{ message: "First declared here.", loc: loc(1, 1, 2) }],
  }),
];

describe("report", () => {
  it("renders tsc-style text with a code frame and hint", () => {
    const text = renderDiagnostics([diags[0]], "text", new Map([["intent/a.intent.yaml", SOURCE]]));
    expect(text).toBe(
      [
        "intent/a.intent.yaml:4:10 error IC2003 Unknown type 'Mony'.",
        "  3 | types:",
        ">  4 |   Price: Mony".replace(">  4", "> 4"),
        "    |          ^^^^",
        "  hint: Did you mean 'Money'?",
        "",
        "Found 1 error and 0 warnings.",
        "",
      ].join("\n"),
    );
  });

  it("neutralises terminal control characters from user text in code frames", () => {
    const frame = codeFrame("a: \u001b[31mred\u2028x\n", 1, 1, 1, 2);
    expect(frame).not.toMatch(/\u001b|\u2028/);
    expect(frame).toContain("\\u{1b}[31mred\\u{2028}x");
  });

  it("renders JSON with a summary and the same objects", () => {
    const parsed = JSON.parse(renderDiagnostics(diags, "json"));
    expect(parsed.summary).toEqual({ errors: 2, warnings: 0, total: 2 });
    expect(parsed.diagnostics).toEqual(JSON.parse(JSON.stringify(diags)));
  });

  it("renders GitHub annotations with escaped properties", () => {
    const out = renderDiagnostics([diags[0]], "github");
    expect(out).toBe(
      "::error file=intent/a.intent.yaml,line=4,col=10,endLine=4,endColumn=14,title=IC2003::IC2003 Unknown type 'Mony'. Did you mean 'Money'?\n",
    );
  });

  it("renders SARIF that validates against the SARIF 2.1.0 schema", () => {
    const schema = JSON.parse(
      readFileSync("node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json", "utf8"),
    );
    const ajv = new Ajv4({ allErrors: true, strict: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    const log = JSON.parse(renderDiagnostics(diags, "sarif"));
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(log.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toEqual([
      "IC2003",
      "IC2002",
    ]);
    expect(log.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual([
      "IC2002",
      "IC2003",
    ]);
    // The driver is intentc at the version of its package.json (whoever renders the log).
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    expect(log.runs[0].tool.driver.version).toBe(pkg.version);
    // An empty run is valid too.
    expect(validate(JSON.parse(renderDiagnostics([], "sarif")))).toBe(true);
  });
});
