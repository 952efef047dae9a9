/** What the binder passes around (bind.ts): the per-file context, defensive readers of shape-checked values, descriptions, approvals, expressions. */
import type { DiagnosticCollector } from "../diagnostics.js";
import type { BreakingApproval, Expr, TypeExpr } from "../ir/types.js";
import type { LoadedFile, YamlPath } from "../load/yaml.js";
import type { SymbolTable } from "./resolve.js";

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj =>
  v !== null && typeof v === "object" && !Array.isArray(v);

export const obj = (v: unknown): Obj => (isObj(v) ? v : {});

export const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

export const strList = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

export const byName = <T extends { name: string }>(a: T, b: T) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

export interface Ctx {
  readonly file: LoadedFile;
  readonly domain: string;
  readonly table: SymbolTable;
  readonly diags: DiagnosticCollector;
  /** Map types bound so far, with their key lists to fill once the whole Program exists. */
  readonly maps: PendingMap[];
}

/** A map type whose `keyValues` (a list owned by the binder) is filled after binding. */
export interface PendingMap {
  readonly type: TypeExpr & { kind: "map" };
  readonly keyValues: string[];
}

export function descr(v: unknown): { description?: string } {
  const d = str(obj(v).description);
  return d === undefined ? {} : { description: d };
}

export function approvals(cx: Ctx, path: YamlPath, v: unknown): BreakingApproval[] {
  const list = obj(v).approvedBreaking;
  if (!Array.isArray(list)) return [];
  return list.map((a, i) => {
    const ao = obj(a);
    return {
      rule: str(ao.rule) ?? "",
      ...(str(ao.element) !== undefined ? { element: str(ao.element) } : {}),
      reason: str(ao.reason) ?? "",
      expires: str(ao.expires) ?? "",
      loc: cx.file.locOf([...path, "approvedBreaking", i]),
    };
  });
}

export function expr(cx: Ctx, source: string, path: YamlPath): Expr {
  return exprOf(cx.file, source, path);
}

/**
 * The expression `source` written as the scalar at `path` of a file. A scalar whose text is not
 * the expression itself (quotes, escapes, several lines, a block) is kept with it, for exact
 * positions inside it (expr/positions.ts).
 */
export function exprOf(file: LoadedFile, source: string, path: YamlPath): Expr {
  const start = file.contentStart(path);
  const scalar = file.scalarSource(path);
  return {
    source,
    loc: file.locOf(path),
    contentLine: start.line,
    contentColumn: start.column,
    ...(scalar !== undefined && scalar.raw !== source ? { scalar } : {}),
  };
}
