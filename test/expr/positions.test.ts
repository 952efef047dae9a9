/**
 * Exact YAML positions inside expressions, for every scalar style the loader accepts: marker names
 * (`mkA`, `mkB`, …) are placed at several offsets of an expression; exprPosition/exprLoc must give
 * the line and column (1-based, UTF-16 units) where the marker is written in the YAML text. The
 * expected positions are found by searching the YAML text itself, so the test does not share the
 * mapping's logic.
 */
import { describe, expect, it } from "vitest";
import { exprOf } from "../../compiler/bind/context.js";
import { keyExpr } from "../../compiler/bind/machine.js";
import { exprPosition } from "../../compiler/expr/ast.js";
import { loadYaml } from "../../compiler/load/yaml.js";
import { exprIn, expectMarkers } from "./positions-kit.js";

const MARKERS = ["mkA", "mkB", "mkC", "mkD", "mkE"];

/** [style, YAML text]: the expression is the value of `g` (markers present are all checked). */
const CASES: readonly (readonly [string, string])[] = [
  ["plain, one line", "g: mkA && mkB\n"],
  ["plain, trailing comment", "g: mkA && mkB # note mkZ\n"],
  ["plain, multi-line", "g: mkA &&\n  mkB ||\n    mkC\n"],
  ["plain, multi-line with empty lines", "g: mkA &&\n  mkB\n\n\n  || mkC\nh: 1\n"],
  ["plain, multi-line with trailing spaces and tabs", "g: mkA &&  \t\n \t mkB  \n  mkC\n"],
  ["plain, nested in a sequence", "s:\n  - g: mkA ==\n      mkB\n"],
  ["single-quoted, one line with ''", "g: 'mkA == ''x'' && mkB'\n"],
  ["single-quoted, multi-line", "g: 'mkA == ''it''''s'' &&  \n    mkB\n\n  \n   || mkC'\n"],
  ["single-quoted, leading spaces kept", "g: '  mkA +\n  mkB  '\n"],
  [
    "double-quoted, escapes",
    'g: "mkA == \\"q\\\\\\" && mkB == \\n\\t\\x41\\u00e9 && \\U0001F600 + mkC \\/ mkD"\n',
  ],
  ["double-quoted, escaped tab and space", 'g: "\\\tmkA\\ + \\_mkB"\n'],
  ["double-quoted, multi-line", 'g: "mkA &&\n    mkB \\t\n\n    mkC"\n'],
  ["double-quoted, escaped line breaks", 'g: "mkA &&  \\\n    mkB \\\n  \\ mkC\\\n\n  mkD"\n'],
  ["literal |", "g: |\n  mkA &&\n    mkB\n  mkC\n"],
  ["literal |-", "g: |-\n    mkA &&\n\n    mkB\n"],
  ["literal |+", "g: |+\n  mkA &&\n  mkB\n\n\nh: 1\n"],
  ["literal |2 (explicit indentation)", "g: |2\n    mkA &&\n   mkB\n  mkC\n"],
  ["literal |-1 in a sequence", "s:\n  - g: |-1\n       mkA\n      mkB\n"],
  ["literal with a comment on its header", "g: | # a comment mkZ\n  mkA\n  && mkB\n"],
  ["folded >", "g: >\n  mkA &&\n  mkB\n  || mkC\n"],
  ["folded >-", "g: >-\n  mkA &&\n  mkB ||\n\n  mkC\n"],
  ["folded >+", "g: >+\n  mkA &&\n  mkB\n\n"],
  ["folded, more-indented lines", "g: >-\n  mkA &&\n    mkB\n  mkC\n\n    mkD\n  mkE\n"],
  ["folded >2- (explicit indentation)", "g: >2-\n     mkA\n   mkB\n   mkC\n"],
  ["folded, leading empty lines", "g: >-\n\n\n  mkA\n  mkB\n"],
  ["non-ASCII, plain", "g: mkA == 'é😀ü' && mkB\n"],
  ["non-ASCII, double-quoted", "g: \"'😀' == \\u00e9 && mkA ||\n  'ü' == mkB\"\n"],
  ["non-ASCII, folded", "g: >-\n  'é😀' == mkA &&\n  '€' == mkB\n"],
  ["tabs inside", 'g: "mkA\t&&\tmkB"\n'],
  ["in a flow mapping, plain multi-line", "m: { h: 1, g: mkA &&\n    mkB\n     || mkC, i: 2 }\n"],
  ["in a flow mapping, double-quoted", 'm: { g: "mkA \\u00e9\n  mkB" }\n'],
  ["tabs in a literal block", "g: |-\n  mkA\t&&\n  \tmkB\n"],
  ["tabs in a folded block (a more-indented line)", "g: >-\n  mkA &&\n  \tmkB\n  mkC\n"],
];

describe("exprPosition: exact YAML positions in every scalar style", () => {
  for (const [name, yaml] of CASES) {
    const path = yaml.startsWith("s:") ? ["s", 0, "g"] : yaml.startsWith("m:") ? ["m", "g"] : ["g"];
    const markers = (text: string) => MARKERS.filter((m) => exprIn(text, path).source.includes(m));
    it(name, () => {
      const e = exprIn(yaml, path);
      expect(markers(yaml).length).toBeGreaterThan(0);
      expectMarkers(yaml, e, markers(yaml));
    });
    if (yaml.includes("\n", yaml.indexOf("\n") + 1) || name.includes("multi"))
      it(`${name} (CRLF)`, () => {
        const crlf = yaml.replace(/\n/g, "\r\n");
        expectMarkers(crlf, exprIn(crlf, path), markers(crlf));
      });
  }

  it("falls back to the scalar's start when its text is not the expression", () => {
    // A number written `1.0` becomes the expression `1`: no position inside it is guessed.
    const yaml = "g: 1.0\nh: 'a''b'\n";
    const [file] = loadYaml("f.yaml", yaml);
    const e = exprOf(file, "1", ["g"]);
    expect(exprPosition(e, 1)).toEqual({ line: 1, column: 4 });
    const wrong = exprOf(file, "ab", ["h"]);
    expect(exprPosition(wrong, 1)).toEqual({ line: 2, column: 4 });
  });

  it("places an empty quoted expression just inside its quotes", () => {
    const yaml = 'g: ""\n';
    expect(exprPosition(exprIn(yaml, ["g"]), 0)).toEqual({ line: 1, column: 5 });
  });
});

describe("keyExpr: positions inside a `set:` key", () => {
  const KEYS: readonly (readonly [string, string])[] = [
    ["plain key", "m[mkA + mkB].x: 1\n"],
    [
      "double-quoted key with an escape before the entry key",
      '"m\\u00e9[mkA + \\"\\\\\\" + mkB]": 1\n',
    ],
    ["double-quoted key with an escape in the entry key", '"m[\\"\\t\\" + mkA]": 1\n'],
    ["single-quoted key", "'m[''x'' + mkA].y': 1\n"],
  ];
  for (const [name, yaml] of KEYS)
    it(name, () => {
      const [file, diags] = loadYaml("f.yaml", yaml);
      expect(diags).toEqual([]);
      const key = Object.keys(file.value as object)[0];
      const start = key.indexOf("[") + 1;
      const end = key.lastIndexOf("]");
      const e = keyExpr(file, [key], file.locOf([key], "key"), key, start, end);
      expectMarkers(
        yaml,
        e,
        MARKERS.filter((m) => e.source.includes(m)),
      );
    });
});
