/** Helpers of the expression position tests: expected positions are found in the YAML text. */
import { expect } from "vitest";
import { exprOf } from "../../compiler/bind/context.js";
import { exprLoc, exprPosition } from "../../compiler/expr/ast.js";
import type { Expr } from "../../compiler/ir/types.js";
import { loadYaml, type YamlPath } from "../../compiler/load/yaml.js";

/** Line and column (1-based) of an offset of a text. */
function lineColumn(text: string, at: number): { line: number; column: number } {
  const before = text.slice(0, at);
  return { line: before.split("\n").length, column: at - before.lastIndexOf("\n") };
}

/**
 * Where the only occurrence of `marker` is written in `yaml`: its first character and just past
 * its last. (A writer may split a name over lines with an escaped line break, `x\` then `1_`.)
 */
export function positionIn(
  yaml: string,
  marker: string,
): { line: number; column: number; endLine: number; endColumn: number } {
  const split = [...marker].join("(?:\\\\\\r?\\n[ \\t]*)?");
  const found = [...yaml.matchAll(new RegExp(split, "g"))];
  expect(found.length, `${marker} once in the YAML`).toBe(1);
  const at = found[0].index;
  const start = lineColumn(yaml, at);
  const end = lineColumn(yaml, at + found[0][0].length);
  return { ...start, endLine: end.line, endColumn: end.column };
}

/** The expression written as the value at `path` of `yaml`, as the binder makes it. */
export function exprIn(yaml: string, path: YamlPath): Expr {
  const [file, diags] = loadYaml("f.yaml", yaml);
  expect(diags).toEqual([]);
  let v: unknown = file.value;
  for (const seg of path) v = (v as Record<string, unknown>)[seg];
  expect(typeof v).toBe("string");
  return exprOf(file, v as string, path);
}

/** Every marker of the expression is located exactly (start and end of its range). */
export function expectMarkers(yaml: string, e: Expr, markers: readonly string[]): void {
  for (const m of markers) {
    const offset = e.source.indexOf(m);
    expect(offset, `${m} in ${JSON.stringify(e.source)}`).toBeGreaterThanOrEqual(0);
    const want = positionIn(yaml, m);
    expect(exprPosition(e, offset), m).toEqual({ line: want.line, column: want.column });
    expect(exprLoc(e, offset, offset + m.length), m).toMatchObject(want);
  }
}
