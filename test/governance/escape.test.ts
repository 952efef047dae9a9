/**
 * Class 7 (Trojan Source): bidi, zero-width and control characters from intent descriptions never
 * reach generated TypeScript, Markdown or slice packs raw; each sink shows them as `\u{…}` text.
 */
import { describe, expect, it } from "vitest";
import { emitProgram } from "../../compiler/program.js";
import {
  escapeComment,
  escapeJsString,
  escapeMarkdown,
  escapeText,
} from "../../compiler/shared/escape.js";
import { compileMemory } from "../helpers.js";

const NASTY = "ok\u202e evil\u2066x\u2069 zw\u200b bom\ufeff esc\u001b[2J c1\u0085\u009b del\u007f";
const RAW =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

describe("escaping per sink", () => {
  it("shows every invisible character in each sink and keeps the visible text", () => {
    for (const f of [escapeText, escapeMarkdown, escapeComment]) {
      const out = f(NASTY);
      expect(out, f.name).not.toMatch(RAW);
      expect(out, f.name).toContain("202e");
      expect(out, f.name).toContain("evil");
    }
    const lit = escapeJsString(NASTY);
    expect(lit).not.toMatch(RAW);
    expect(JSON.parse(lit)).toBe(NASTY); // the value round-trips
    expect(escapeText("a\nPASSED\r")).toBe("a\\u{a}PASSED\\u{d}");
  });

  it("keeps Trojan Source characters out of every generated file (TS comments and strings, Markdown, packs)", () => {
    const yaml = (s: string) => JSON.stringify(s);
    const r = compileMemory({
      "intent/system.intent.yaml":
        "intent: 1\nsystem: shop\nversion: 1.0.0\ngates:\n  test: { stage: test, command: [npx, vitest] }\nrisk:\n  tiers:\n    low: { approvals: 0, retries: 0, gates: [test] }\n",
      "intent/shop.intent.yaml":
        [
          "intent: 1",
          "domain: shop",
          "version: 1.0.0",
          "risk: low",
          `summary: ${yaml(NASTY)}`,
          "types:",
          `  Money: { type: integer, minimum: 0, description: ${yaml(NASTY)} }`,
          "  Label: { type: string, pattern: '^[a-z]+$' }",
          "entities:",
          "  Order:",
          `    description: ${yaml(NASTY)}`,
          "    key: id",
          "    fields: { id: string, total: Money }",
          "slices:",
          "  shop-service:",
          `    says: ${yaml(NASTY)}`,
          "    implements: [Order]",
          '    writes: ["src/shop/**"]',
        ].join("\n") + "\n",
    });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const { files } = emitProgram(r.program!);
    let checked = 0;
    for (const [path, text] of files) {
      if (path.startsWith("docs/site/") || path.endsWith(".html")) continue; // the docs-site HTML has its own escaper
      expect(text, path).not.toMatch(RAW);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
    const withDescription = [...files].filter(
      ([p, t]) => (p.endsWith(".ts") || p.endsWith(".md")) && t.includes("\\u{202e}"),
    );
    expect(withDescription.length).toBeGreaterThan(0);
  });
});
