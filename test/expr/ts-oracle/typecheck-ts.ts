/**
 * TEST ORACLE ONLY (the product checker is compiler/expr/typecheck.ts): the former TypeScript
 * checker, kept so differential tests can compare the two.
 * Type-check accepted expressions with TypeScript, in memory: one ts-morph Project holding the
 * declarations of every domain plus one file of small wrapper functions per domain, and one
 * getPreEmitDiagnostics call for the whole program. Each expression sits in its own wrapper with
 * the entity's fields destructured, so TypeScript's messages read naturally; every diagnostic is
 * mapped back to the exact YAML position through the wrapper offsets. TypeScript's raw findings
 * depend only on the generated file texts, so they go through the expression cache: a warm run
 * maps cached findings back to positions without loading TypeScript.
 */
import type { Project } from "ts-morph";
import type { Diagnostic } from "../../../compiler/diagnostic.js";
import { createDiagnostic } from "../../../compiler/diagnostics.js";
import { jsString } from "../../../compiler/emit/code.js";
import type { Expr, Program, Ref, TargetStep } from "../../../compiler/ir/types.js";
import { exprLoc, walkExpr, type ExprNode } from "../../../compiler/expr/ast.js";
import { eventTypeName, programToTsDeclarations } from "../../../compiler/expr/ts-decls.js";
export type { TypeCheckItem as OracleItem };
import { tsMorph } from "./ts-lazy.js";

/** One accepted expression to type-check. */
export interface TypeCheckItem {
  readonly expr: Expr;
  readonly node: ExprNode;
  /** Domain whose file holds the expression. */
  readonly domain: string;
  readonly entity: Ref;
  /** The transition's event (guards and effects). */
  readonly event?: Ref;
  /** Whether `prev` (the entity before the step) is in scope. */
  readonly prev: boolean;
  /** What the value must be: a boolean, or assignable to an entity field. */
  readonly result:
    | { readonly kind: "boolean" }
    | { readonly kind: "field"; readonly field: string }
    | {
        readonly kind: "key" | "part";
        readonly field: string;
        readonly path: readonly TargetStep[];
      };
  /** How to name the expression in a wrong-type message ("guard", "value for 'paid'"). */
  readonly role: string;
}

interface Placed {
  readonly item: TypeCheckItem;
  readonly wrapStart: number;
  readonly wrapEnd: number;
  readonly exprStart: number;
  /** Text offset inside the wrapped expression → offset in `Expr.source`. */
  readonly back: readonly number[];
}

const TS_ASSIGNABILITY = 2322;

let shared: Project | undefined;

/** Drop the shared checker so a long build can free its memory once expressions are checked. */
export function releaseTypeChecker(): void {
  shared = undefined;
}

/**
 * One Project reused across calls: its files are replaced each time, but the parsed and bound
 * lib declarations are kept, which makes repeated checks (tests, watch mode) several times faster.
 */
function sharedProject(): Project {
  const { Project, ts } = tsMorph();
  shared ??= new Project({
    useInMemoryFileSystem: true,
    compilerOptions: {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      lib: ["lib.es2022.d.ts"],
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      noEmit: true,
      skipLibCheck: true,
      types: [],
    },
  });
  return shared;
}

/** One finding of TypeScript, as plain data (what the cache stores). */
interface RawTsDiagnostic {
  readonly file: string;
  readonly start: number;
  readonly length: number | null;
  readonly code: number;
  readonly message: string;
}

/** Type-check every item; diagnostics carry exact YAML positions, never wrapper positions. */
export function typeCheckExpressions(
  program: Program,
  items: readonly TypeCheckItem[],
): Diagnostic[] {
  if (items.length === 0) return [];
  const sources: [string, string][] = [];
  for (const [domain, text] of programToTsDeclarations(program))
    sources.push([`/contracts/${domain}/types.ts`, text]);
  const files = new Map<string, Placed[]>();
  const byDomain = new Map<string, TypeCheckItem[]>();
  for (const item of items) {
    if (!byDomain.has(item.domain)) byDomain.set(item.domain, []);
    byDomain.get(item.domain)!.push(item);
  }
  for (const [domain, list] of [...byDomain].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const path = `/checks/${domain}.ts`;
    const { text, placed } = wrapperFile(list);
    sources.push([path, text]);
    files.set(path, placed);
  }
  const raw = runTypeScript(sources, new Set(files.keys()));

  const out: Diagnostic[] = [];
  for (const d of raw) {
    const placed = files.get(d.file);
    const start = d.start;
    if (placed === undefined) continue;
    const p = placed.find((x) => start >= x.wrapStart && start < x.wrapEnd);
    if (p === undefined) continue;
    const detail = d.message;
    const exprEnd = p.exprStart + p.back.length - 1;
    const { expr } = p.item;
    if (start >= p.exprStart && start < exprEnd) {
      const end = Math.min(start + Math.max(1, d.length ?? 1), exprEnd);
      const loc = exprLoc(expr, p.back[start - p.exprStart], p.back[end - p.exprStart]);
      out.push(createDiagnostic("expr-type-error", { detail }, loc));
    } else {
      // Reported on the wrapper (the `return`): it is about the expression as a whole.
      const loc = exprLoc(expr, 0, expr.source.length);
      out.push(
        d.code === TS_ASSIGNABILITY
          ? createDiagnostic("expr-wrong-type", { role: p.item.role, detail }, loc)
          : createDiagnostic("expr-type-error", { detail }, loc),
      );
    }
  }
  return out;
}

/** TypeScript's findings in the wrapper files (declarations come from the IR: other checks own them). */
function runTypeScript(
  sources: readonly (readonly [string, string])[],
  wrappers: ReadonlySet<string>,
): RawTsDiagnostic[] {
  const { ts } = tsMorph();
  const project = sharedProject();
  for (const file of project.getSourceFiles()) file.deleteImmediatelySync();
  for (const [path, text] of sources) project.createSourceFile(path, text, { overwrite: true });
  const out: RawTsDiagnostic[] = [];
  for (const d of project.getPreEmitDiagnostics()) {
    const file = d.getSourceFile()?.getFilePath() ?? "";
    const start = d.getStart();
    if (!wrappers.has(file) || start === undefined) continue;
    // The compiler's own message text: ts-morph's getMessageText() wraps chains in an object that
    // ts.flattenDiagnosticMessageText does not understand (the former checker printed "undefined").
    const message = ts.flattenDiagnosticMessageText(d.compilerObject.messageText, " ");
    out.push({ file, start, length: d.getLength() ?? null, code: d.getCode(), message });
  }
  return out;
}

// Over an array (a flow participant's instances: element and index) or a map (value and key),
// like runtime/collections.ts. One signature (not overloads, whose failure TypeScript reports as
// "No overload matches this call" rather than the callback's own error).
const QUANTIFIER_DECLS =
  "type $QV<C> = C extends readonly (infer T)[] ? T : C[keyof C];\n" +
  "type $QK<C> = C extends readonly unknown[] ? number : keyof C;\n" +
  ["every", "some", "count", "sum"]
    .map(
      (f) =>
        `declare function ${f}<C extends object>(m: C, f: (v: $QV<C>, k: $QK<C>) => ${f === "sum" ? "number" : "boolean"}): ${f === "every" || f === "some" ? "boolean" : "number"};\n`,
    )
    .join("");

/** The wrapper file of one domain. */
function wrapperFile(items: readonly TypeCheckItem[]): { text: string; placed: Placed[] } {
  const domains = new Set<string>();
  for (const it of items) {
    domains.add(it.entity.domain);
    if (it.event) domains.add(it.event.domain);
  }
  let text = [...domains]
    .sort()
    .map((d) => `import type * as $${d} from ${jsString(`../contracts/${d}/types.js`)};\n`)
    .join("");
  // The quantifiers over maps and sets, as @intentc/runtime's `collections` types them.
  text += QUANTIFIER_DECLS;
  const placed: Placed[] = [];
  items.forEach((item, i) => {
    const entity = `$${item.entity.domain}.${item.entity.name}`;
    const params = [`{ ${fieldNames(item.node).join(", ")} }: ${entity}`];
    if (item.event) params.push(`event: $${item.event.domain}.${eventTypeName(item.event.name)}`);
    if (item.prev) params.push(`prev: ${entity}`);
    let field = item.result.kind === "boolean" ? "" : `${entity}[${jsString(item.result.field)}]`;
    // A part of a field: each entry step is the map's value type, each member step the field's.
    if (item.result.kind === "key" || item.result.kind === "part")
      for (const step of item.result.path)
        field =
          step.kind === "entry" ? `${field}[keyof ${field}]` : `${field}[${jsString(step.name)}]`;
    const result =
      item.result.kind === "boolean"
        ? "boolean"
        : item.result.kind === "key"
          ? `keyof ${field}`
          : field;
    const { body, back } = strictEquality(item.expr.source, item.node);
    const wrapStart = text.length;
    text += `export function $check${i}(${params.join(", ")}): ${result} {\n  return (\n`;
    const exprStart = text.length;
    text += `${body}\n  );\n}\n`;
    placed.push({ item, wrapStart, wrapEnd: text.length, exprStart, back });
  });
  return { text, placed };
}

/** Entity fields an expression reads by name, sorted. */
function fieldNames(node: ExprNode): string[] {
  const names = new Set<string>();
  walkExpr(node, (n) => {
    if (n.kind === "name" && !n.param && n.name !== "event" && n.name !== "prev") names.add(n.name);
  });
  return [...names].sort();
}

/**
 * The source with `==`/`!=` turned into `===`/`!==` (so TypeScript checks what runs), and a map
 * from each offset of the new text (plus its end) back to the source.
 */
function strictEquality(source: string, node: ExprNode): { body: string; back: number[] } {
  const inserts: number[] = [];
  walkExpr(node, (n) => {
    if (n.kind === "binary" && (n.op === "==" || n.op === "!=")) inserts.push(n.opStart + 2);
  });
  inserts.sort((a, b) => a - b);
  let body = "";
  const back: number[] = [];
  let k = 0;
  for (let i = 0; i <= source.length; i++) {
    while (k < inserts.length && inserts[k] === i) {
      body += "=";
      back.push(i);
      k++;
    }
    if (i < source.length) body += source[i];
    back.push(i);
  }
  return { body, back };
}
