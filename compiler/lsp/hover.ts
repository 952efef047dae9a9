/**
 * Hover: a declaration's kind, type, constraints and description (an invariant's `says`); in an
 * expression, the type of the field under the cursor (`total`, `prev.paid`, `event.amount`).
 */
import type { Hover } from "vscode-languageserver";
import type { Decl, SymbolIndex } from "./index.js";
import { occurrenceAt } from "./index.js";
import { rangeOf } from "./convert.js";
import { cursorContext } from "./context.js";
import { describeType, entityOf, exprScope, fieldsOf } from "./scope.js";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {};
const EXPR_KEYS = new Set(["guard", "holds", "when"]);

/** The hover at a 1-based position of a file. */
export function hover(
  index: SymbolIndex,
  text: string,
  file: string,
  line: number,
  column: number,
): Hover | undefined {
  const occ = occurrenceAt(index, file, line, column);
  const d = occ && index.decls.get(occ.key);
  // A field named in an expression: its type as the expression sees it (`event.amount`: Amount).
  if (occ && d?.kind === "field" && !occ.decl) {
    const inExpr = exprHover(index, text, file, line, column);
    if (inExpr) return inExpr;
  }
  if (occ && d)
    return {
      contents: { kind: "markdown", value: describeDecl(index, d) },
      range: rangeOf(occ.loc),
    };
  return exprHover(index, text, file, line, column);
}

/** Markdown for a declaration. */
export function describeDecl(index: SymbolIndex, d: Decl): string {
  const v = obj(d.value);
  const head =
    d.kind === "state"
      ? `state ${d.domain}.${d.machine}.${d.name}`
      : d.kind === "field" || d.kind === "participant"
        ? `${d.kind} ${d.domain}.${d.owner}.${d.name}`
        : `${d.kind} ${d.domain}.${d.name}`;
  const lines = [`**${head}**`];
  const fieldLines = (value: unknown) =>
    fieldsOf(value).map((f) => `- \`${f.name}${f.optional ? "?" : ""}\`: ${describeType(f.type)}`);
  switch (d.kind) {
    case "type":
      lines.push("", `\`${describeType(d.value)}\``);
      if (obj(d.value).fields !== undefined) lines.push("", ...fieldLines(d.value));
      break;
    case "entity":
    case "event":
      if (typeof v.key === "string") lines.push("", `key: \`${v.key}\``);
      if (fieldsOf(v).length > 0) lines.push("", ...fieldLines(v));
      break;
    case "machine": {
      const states = Object.keys(obj(v.states));
      lines.push(
        "",
        `entity \`${String(v.entity)}\`, initial \`${String(v.initial)}\``,
        "",
        `states: ${states.map((s) => `\`${s}\``).join(", ")}`,
      );
      break;
    }
    case "invariant": {
      if (typeof v.says === "string") lines.push("", v.says);
      const e = entityOf(index, d);
      if (typeof v.when === "string") lines.push("", `when \`${v.when}\``);
      if (typeof v.holds === "string")
        lines.push("", `holds \`${v.holds}\`${e ? ` on ${e.name}` : ""}`);
      lines.push("", `severity: ${typeof v.severity === "string" ? v.severity : "error"}`);
      break;
    }
    case "field": {
      const optional = String(d.path[d.path.length - 1]).endsWith("?") || v.optional === true;
      lines.push("", `\`${describeType(d.value)}\`${optional ? " (optional)" : ""}`);
      if (typeof v.renamedFrom === "string") lines.push("", `renamed from \`${v.renamedFrom}\``);
      break;
    }
    case "participant": {
      const machine = typeof d.value === "string" ? d.value : v.machine;
      lines.push(
        "",
        `machine \`${String(machine)}\`${typeof v.instances === "number" ? `, ${v.instances} instances` : ""}`,
      );
      break;
    }
    case "state": {
      const on = Object.keys(obj(v.on));
      if (v.final === true) lines.push("", "final");
      if (on.length > 0) lines.push("", `on: ${on.map((e) => `\`${e}\``).join(", ")}`);
      break;
    }
    default:
      if (typeof v.says === "string") lines.push("", v.says);
  }
  if (typeof v.description === "string") lines.push("", v.description);
  return lines.join("\n");
}

/** The type of the field name under the cursor inside an expression. */
function exprHover(
  index: SymbolIndex,
  text: string,
  file: string,
  line: number,
  column: number,
): Hover | undefined {
  const src = text.split("\n")[line - 1] ?? "";
  let s = column - 1;
  let e = column - 1;
  while (s > 0 && /[\w.]/.test(src[s - 1])) s--;
  while (e < src.length && /\w/.test(src[e])) e++;
  const word = src.slice(s, e);
  if (!/^[A-Za-z_]/.test(word)) return undefined;
  const cx = cursorContext(text, line, s + 1);
  const c = cx.chain;
  const isExpr =
    EXPR_KEYS.has(c[c.length - 1]) ||
    (c[0] === "machines" && (c[c.length - 2] === "set" || c[c.length - 2] === "init"));
  if (!isExpr) return undefined;
  const scope = exprScope(index, index.domainOf.get(file) ?? "", c);
  const parts = word.split(".");
  const owner = parts[0] === "event" ? scope.event : scope.entity;
  const name = parts[0] === "event" || parts[0] === "prev" ? parts[1] : parts[0];
  const f =
    owner && name !== undefined ? fieldsOf(owner.value).find((x) => x.name === name) : undefined;
  if (!f || !owner) return undefined;
  const range = { start: { line: line - 1, character: s }, end: { line: line - 1, character: e } };
  return {
    contents: {
      kind: "markdown",
      value: `\`${word}\`: \`${describeType(f.type)}\`${f.optional ? " (optional)" : ""} — field of ${owner.kind} ${owner.name}`,
    },
    range,
  };
}
